/// <reference types="mocha" />
// Three elements in one room of the real relay: messages, channels, private threads, events.
import type { SignalChat } from '../../src/element/index.js';
import {
  $, $$, assert, badge, cleanup, deepEqual, equal, joined, logTexts, nextEvent, recordDomEvents, roomUrl, systemLines, tab, typeAndEnter, until,
} from './harness.js';

/** Ann, Bob and Cleo in one fresh room, everyone seeing everyone. */
async function trio(extra: Record<string, string> = {}): Promise<[SignalChat, SignalChat, SignalChat]> {
  const url = await roomUrl('trio');
  const ann = await joined(url, 'Ann', extra);
  const bob = await joined(url, 'Bob', extra);
  const cleo = await joined(url, 'Cleo', extra);
  for (const el of [ann, bob, cleo]) await until(() => el.participants.length === 3, 'everyone sees three participants');
  return [ann, bob, cleo];
}

const id = (el: SignalChat): string => el.participants.find((p) => p.self)!.id;

describe('<signal-chat> in a room', () => {
  afterEach(cleanup);

  it('three elements chat end to end, each message shown once to everyone', async () => {
    const [ann, bob, cleo] = await trio();
    await typeAndEnter(ann, 'hello from Ann');
    await until(() => logTexts(bob).includes('hello from Ann') && logTexts(cleo).includes('hello from Ann'), 'bob and cleo got Ann');
    await bob.send('hi Ann');
    await cleo.send('hey both');
    for (const el of [ann, bob, cleo]) {
      await until(() => logTexts(el).length === 3, 'three messages everywhere');
      deepEqual(logTexts(el), ['hello from Ann', 'hi Ann', 'hey both'], 'order and no duplicates');
    }
    // Own messages look different: only Ann's row is `own` in Ann's log.
    deepEqual($$(ann, '.row.own .text').map((n) => n.textContent), ['hello from Ann']);
    deepEqual($$(cleo, '.row.own .text').map((n) => n.textContent), ['hey both']);
    deepEqual(ann.messages.map((m) => [m.from?.name, m.text]), [['Ann', 'hello from Ann'], ['Bob', 'hi Ann'], ['Cleo', 'hey both']]);
  });

  it('lists participants with names, "you" and a count, and shows joins and leaves as system lines', async () => {
    const url = await roomUrl('people');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    await until(() => systemLines(ann).includes('Bob joined'), 'Ann sees Bob join');
    deepEqual($$(ann, '[part=participant] .who').map((n) => n.textContent), ['Ann', 'Bob']);
    assert($(ann, '[part=participant] .you')?.textContent?.includes('you'), 'own entry is marked "you"');
    assert($(ann, '#people-h')!.textContent!.includes('(2)'), 'count is shown');
    deepEqual(systemLines(bob), [], 'Bob does not see Ann "join": she was there before');
    bob.remove();
    await until(() => systemLines(ann).includes('Bob left'), 'Ann sees Bob leave');
    deepEqual(ann.participants.map((p) => p.name), ['Ann']);
  });

  it('keeps channels apart, counts unread per channel and clears the count when opened', async () => {
    const [ann, bob] = await trio({ channels: 'chat random' });
    await ann.send('on random', { channel: 'random' });
    await ann.send('on chat');
    await until(() => logTexts(bob).includes('on chat'), 'Bob sees chat');
    deepEqual(logTexts(bob), ['on chat'], 'random is not in the chat tab');
    await until(() => badge(tab(bob, 'random')) === 1, 'random has one unread');
    equal(badge(tab(bob, 'chat')), 0);
    await ann.send('second on random', { channel: 'random' });
    await until(() => badge(tab(bob, 'random')) === 2, 'random has two unread');
    tab(bob, 'random').click();
    await bob.updateComplete;
    equal(bob.channel, 'random');
    equal(bob.getAttribute('channel'), 'random', 'channel is reflected');
    deepEqual(logTexts(bob), ['on random', 'second on random']);
    equal(badge(tab(bob, 'random')), 0, 'unread cleared');
    deepEqual(ann.messages.map((m) => m.channel), ['random', 'chat', 'random']);
  });

  it('keeps a private thread between two participants, marked private, invisible to the third', async () => {
    const [ann, bob, cleo] = await trio();
    const bobP = ann.participants.find((p) => p.name === 'Bob')!;
    const cleoMessages = recordDomEvents(cleo, ['signal-chat-message']);
    await ann.send('just for Bob', { to: bobP });
    await until(() => badge(tab(bob, 'Ann')) === 1, 'Bob has an unread private thread with Ann');
    const annEntry = $$(bob, '[part=participant]').find((li) => li.textContent?.includes('Ann'))!;
    equal(badge(annEntry), 1, 'the participant entry carries the badge too');
    deepEqual(logTexts(bob), [], 'not in the channel');
    // Open it from the participant list.
    annEntry.querySelector('button')!.click();
    await bob.updateComplete;
    deepEqual(logTexts(bob), ['just for Bob']);
    assert($(bob, '.row.priv .private'), 'the message is marked private');
    assert($(bob, '[part=private-banner]')?.textContent?.includes('Ann'), 'the thread says who it is with');
    // Bob answers by typing in the private thread.
    await typeAndEnter(bob, 'thanks Ann');
    await until(() => ann.messages.some((m) => m.text === 'thanks Ann'), 'Ann got the answer');
    const answer = ann.messages.find((m) => m.text === 'thanks Ann')!;
    deepEqual([answer.private, answer.to?.map((p) => p.name)], [true, ['Ann']]);
    // A broadcast afterwards proves Cleo was listening all along.
    await ann.send('for everyone');
    await until(() => logTexts(cleo).includes('for everyone'), 'Cleo got the broadcast');
    deepEqual(cleo.messages.map((m) => m.text), ['for everyone']);
    deepEqual(cleoMessages.map((e) => e.detail.text), ['for everyone']);
    equal($$(cleo, '[role=tab]').length, 1, 'Cleo has no private tab');
  });

  it('fires the events with their details', async () => {
    const url = await roomUrl('events');
    const ann = await joined(url, 'Ann');
    const events = recordDomEvents(ann, [
      'signal-chat-send', 'signal-chat-message', 'signal-chat-participant-joined', 'signal-chat-participant-left', 'signal-chat-participant-status',
      'signal-chat-disconnected',
    ]);
    const bobConnected = nextEvent(document, 'signal-chat-connected');
    const bob = await joined(url, 'Bob');
    const connected = await bobConnected;
    deepEqual(connected.detail, { id: id(bob) }, 'connected carries the own id');
    assert(connected.bubbles && connected.composed, 'events bubble and are composed');
    await until(() => events.some((e) => e.type === 'signal-chat-participant-joined'), 'joined');
    const joinedEvent = events.find((e) => e.type === 'signal-chat-participant-joined')!;
    deepEqual(joinedEvent.detail.participant, { id: id(bob), name: 'Bob', status: { name: 'Bob' }, self: false });

    bob.setAttribute('name', 'Robert');
    await until(() => events.some((e) => e.type === 'signal-chat-participant-status'), 'status');
    equal(events.find((e) => e.type === 'signal-chat-participant-status')!.detail.participant.name, 'Robert');

    await ann.send('ping');
    await bob.send('private pong', { to: id(ann) });
    await until(() => events.filter((e) => e.type === 'signal-chat-message').length === 2, 'two messages');
    const send = events.find((e) => e.type === 'signal-chat-send')!;
    deepEqual(send.detail, { text: 'ping', channel: 'chat', to: null });
    assert(send.event.cancelable, 'send is cancelable');
    const [mine, theirs] = events.filter((e) => e.type === 'signal-chat-message').map((e) => e.detail);
    deepEqual([mine.channel, mine.text, mine.from.name, mine.from.self, mine.to, mine.private, mine.history], ['chat', 'ping', 'Ann', true, null, false, false]);
    assert(typeof mine.id === 'string' && mine.id && typeof mine.time === 'number', 'id and time');
    deepEqual([theirs.text, theirs.from.name, theirs.to.map((p: { name: string }) => p.name), theirs.private], ['private pong', 'Robert', ['Ann'], true]);

    const bobId = id(bob);
    const bobDisconnected = nextEvent(bob, 'signal-chat-disconnected');
    bob.disconnect();
    deepEqual((await bobDisconnected).detail, { reason: 'disconnect' });
    await until(() => events.some((e) => e.type === 'signal-chat-participant-left'), 'left');
    equal(events.find((e) => e.type === 'signal-chat-participant-left')!.detail.participant.id, bobId);
  });

  it('lets a signal-chat-send listener cancel a message, from send() and from the composer', async () => {
    const url = await roomUrl('cancel');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    const veto = (e: Event) => {
      if ((e as CustomEvent).detail.text.includes('secret')) e.preventDefault();
    };
    ann.addEventListener('signal-chat-send', veto);
    let code = '';
    await ann.send('the secret plan').catch((e: { code: string }) => (code = e.code));
    equal(code, 'cancelled', 'send() rejects with code cancelled');
    await typeAndEnter(ann, 'another secret');
    equal($<HTMLTextAreaElement>(ann, 'textarea')!.value, 'another secret', 'the composer keeps the vetoed text');
    await ann.send('fine to share');
    await until(() => logTexts(bob).includes('fine to share'), 'Bob got the allowed one');
    deepEqual(logTexts(bob), ['fine to share'], 'nothing vetoed left the element');
    deepEqual(logTexts(ann), ['fine to share']);
  });

  it('shows a message as pending until the server accepts it', async () => {
    const url = await roomUrl('pending');
    const ann = await joined(url, 'Ann');
    const sent = ann.send('patience');
    await ann.updateComplete;
    assert($(ann, '.row.pend'), 'pending right after sending');
    assert($(ann, '.row.pend .pending')?.textContent, 'with a visible note');
    await sent;
    await ann.updateComplete;
    assert(!$(ann, '.row.pend'), 'no longer pending once accepted');
    deepEqual(logTexts(ann), ['patience']);
  });

  it('shows the room history to a late joiner, as history, and does not count it unread', async () => {
    const url = await roomUrl('history');
    const ann = await joined(url, 'Ann', { channels: 'chat random' });
    await ann.send('before you came');
    await ann.send('old random', { channel: 'random' });
    const late = await joined(url, 'Late', { channels: 'chat random' });
    // The event pump hands history over in time slices: on a loaded machine one slice may hold one message.
    await until(() => late.messages.length === 2, 'both history messages arrived');
    await late.updateComplete;
    deepEqual(logTexts(late), ['before you came'], 'the chat channel shows its own history');
    assert($(late, '[part=history-divider]'), 'a divider introduces the history');
    assert($(late, '.row.hist'), 'history rows are marked');
    deepEqual(late.messages.map((m) => m.history), [true, true]);
    equal(badge(tab(late, 'random')), 0, 'history is not unread');
    await ann.send('now live');
    await until(() => logTexts(late).includes('now live'), 'live message');
    equal(late.messages.at(-1)!.history, false);
  });

  it('rejects a message over 8 KiB with data_too_large, shows the error and keeps the text', async () => {
    const url = await roomUrl('large');
    const ann = await joined(url, 'Ann');
    const errors = recordDomEvents(ann, ['signal-chat-error']);
    const big = 'x'.repeat(8 * 1024 + 1);
    let code = '';
    await ann.send(big).catch((e: { code: string }) => (code = e.code));
    equal(code, 'data_too_large');
    deepEqual(errors.map((e) => e.detail.code), ['data_too_large']);
    // Typed: the counter warns, and a send attempt fails visibly without losing the text.
    const area = $<HTMLTextAreaElement>(ann, 'textarea')!;
    area.value = big;
    area.dispatchEvent(new InputEvent('input'));
    await ann.updateComplete;
    assert($(ann, '[part=counter]')?.textContent?.includes('1 bytes over'), `counter shows the excess: ${$(ann, '[part=counter]')?.textContent}`);
    assert($<HTMLButtonElement>(ann, '[part=send-button]')!.disabled, 'send button disabled over the limit');
    area.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', cancelable: true }));
    await ann.updateComplete;
    await until(() => $(ann, '[part=error]')?.textContent, 'an error is shown');
    assert($(ann, '[part=error]')!.textContent!.includes('limit'), 'the error says why');
    equal(area.value.length, big.length, 'the text is still there');
    deepEqual(logTexts(ann), [], 'nothing was shown as sent');
  });

  it('shows a counter near the limit only', async () => {
    const ann = await joined(await roomUrl('counter'), 'Ann');
    const area = $<HTMLTextAreaElement>(ann, 'textarea')!;
    area.value = 'short';
    area.dispatchEvent(new InputEvent('input'));
    await ann.updateComplete;
    assert(!$(ann, '[part=counter]'), 'no counter for short text');
    area.value = 'é'.repeat(3800); // 7600 bytes
    area.dispatchEvent(new InputEvent('input'));
    await ann.updateComplete;
    equal($(ann, '[part=counter]')?.textContent, '592 bytes left', 'counts UTF-8 bytes');
  });

  it('Shift+Enter makes a new line and Enter sends it', async () => {
    const url = await roomUrl('newline');
    const ann = await joined(url, 'Ann');
    const area = $<HTMLTextAreaElement>(ann, 'textarea')!;
    area.value = 'line one';
    area.dispatchEvent(new InputEvent('input'));
    const shift = new KeyboardEvent('keydown', { key: 'Enter', shiftKey: true, cancelable: true });
    area.dispatchEvent(shift);
    assert(!shift.defaultPrevented, 'Shift+Enter is left to the text area');
    equal(ann.messages.length, 0);
    area.value = 'line one\nline two';
    area.dispatchEvent(new InputEvent('input'));
    const enter = new KeyboardEvent('keydown', { key: 'Enter', cancelable: true });
    area.dispatchEvent(enter);
    assert(enter.defaultPrevented, 'Enter is taken');
    await until(() => ann.messages.length === 1 && !$(ann, '.row.pend'), 'sent');
    equal(ann.messages[0]!.text, 'line one\nline two');
    equal(area.value, '', 'composer cleared');
  });
});
