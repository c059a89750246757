/// <reference types="mocha" />
// Delivery states and read receipts with the real relay: one's own message goes sending →
// sent (the server accepted it) → seen, and "seen" means the reader had it on screen in a
// visible page, not merely received it. Receipts are ephemeral `<channel>~read` markers.
import { Session } from '../../src/client/index.js';
import { baseMessageId } from '../../src/protocol/message-id.js';
import { $, $$, assert, deepEqual, equal, joined, logTexts, receipt, recordDomEvents, roomUrl, tab, until } from './harness.js';
import { annAndBob, setHidden, sideBySide } from './side-by-side.js';

describe('<signal-chat> delivery states and read receipts', () => {
  sideBySide();

  it('shows a private message sending, then sent, then seen once the other person opened the thread', async () => {
    const { ann, bob } = await annAndBob('seen-private', 300);
    const reads = recordDomEvents(ann, ['signal-chat-read']);
    $$(ann, '[part=participant] button').find((b) => b.textContent?.includes('Bob'))!.click();
    await ann.updateComplete;
    const sending = ann.send('for Bob only', { to: ann.participants[1]! });
    await ann.updateComplete;
    assert($(ann, '.row.own .pending'), 'sending… while the server has not accepted it');
    await sending;
    await until(() => receipt(ann) === 'Sent', 'sent once accepted');
    await until(() => logTexts(bob).length === 0 && bob.messages.length === 1, 'Bob received it, in a thread he has not opened');
    equal(receipt(ann), 'Sent', 'received is not seen');
    tab(bob, 'Ann').click();
    await until(() => receipt(ann) === 'Seen', 'seen once Bob had it on screen');
    const read = reads.at(-1)!.detail;
    deepEqual([read.from.name, read.channel, read.private], ['Bob', 'chat', true]);
    equal(typeof read.id, 'string');
  });

  it('says "Seen by N" in a channel, with the names in its description', async () => {
    const url = await roomUrl('seen-channel');
    const ann = await joined(url, 'Ann', {}, 300);
    const bob = await joined(url, 'Bob', {}, 300);
    const cleo = await joined(url, 'Cleo', {}, 300);
    await until(() => ann.participants.length === 3, 'Ann sees both');
    await ann.send('hello both');
    await until(() => receipt(ann) === 'Seen by 2', () => `seen by both, shows '${receipt(ann)}'`);
    const line = $(ann, '[part=receipt]')!;
    assert(/Bob/.test(line.title) && /Cleo/.test(line.title), `names in the title: ${line.title}`);
    assert(/Bob/.test(line.textContent!) && /Cleo/.test(line.textContent!), 'and for screen readers');
    equal($$(ann, '[part=receipt]').length, 1, 'only under the latest own message');
    await bob.send('Bob answers');
    await until(() => logTexts(ann).includes('Bob answers'), 'Ann got it');
    equal(receipt(ann), 'Seen by 2', 'still shown for the latest own message');
    // Cleo's socket is not Ann's: Ann having it says nothing about Cleo.
    await until(() => logTexts(cleo).includes('Bob answers'), 'Cleo got it too');
  });

  it('does not count a message received in a hidden page as seen, until the page is shown', async () => {
    const { ann, bob } = await annAndBob('seen-hidden', 300);
    setHidden(true);
    await ann.send('are you there?');
    await until(() => logTexts(bob).includes('are you there?'), 'Bob received it');
    // Bob's answer leaves after any marker his page would have sent for Ann's message, and
    // the relay keeps one sender's signals in order: once it is in, no marker is on its way.
    await bob.send('typed without looking');
    await until(() => logTexts(ann).includes('typed without looking'), 'Ann got the answer');
    equal(receipt(ann), 'Sent', 'not seen in a hidden page');
    setHidden(false);
    await until(() => receipt(ann) === 'Seen by 1', 'seen once the page is visible');
  });

  it('shows one\'s latest message from the history as sent after a reload, and seen once someone has read on', async () => {
    const room = await annAndBob('seen-reload', 300);
    const { url, bob } = room;
    let { ann } = room;
    await ann.send('before the reload');
    await until(() => receipt(ann) === 'Seen by 1', 'seen before the reload');
    ann.parentElement!.remove();
    ann = await joined(url, 'Ann', {}, 300);
    await until(() => logTexts(ann).includes('before the reload'), 'her message is back, from the history');
    await until(() => receipt(ann) === 'Sent', () => `markers are not kept: sent, shows '${receipt(ann)}'`);
    // Bob writes after it: having his own message on screen, he has read up to there.
    await bob.send('welcome back');
    await until(() => receipt(ann) === 'Seen by 1', () => `seen again, shows '${receipt(ann)}'`);
  });

  it('takes only markers that name one of the thread\'s messages, from the relay\'s id of it', async () => {
    const url = await roomUrl('seen-forged');
    const ann = await joined(url, 'Ann', {}, 300);
    const bo = new Session(url, { status: { name: 'Bo' } });
    try {
      await bo.connect();
      await until(() => ann.participants.length === 2, 'Ann sees Bo');
      const events = recordDomEvents(ann, ['signal-chat-read', 'signal-chat-error']);
      await ann.send('check this');
      const id = baseMessageId(ann.participants[0]!.id, 'check this');
      for (const data of ['not json', '{"id":5}', '[]', JSON.stringify({ id: 'x'.repeat(200) }), JSON.stringify({ id: `${id}.2` }), JSON.stringify({ id })]) {
        await bo.signal({ type: 'chat~read', data });
      }
      await until(() => receipt(ann) === 'Seen by 1', () => `seen by Bo, shows '${receipt(ann)}'`);
      deepEqual(events.map((e) => [e.type, e.detail.id, e.detail.from?.name]), [['signal-chat-read', id, 'Bo']], 'one read event, for the marker that names her message');
      deepEqual(logTexts(ann), ['check this'], 'markers are not messages');
    } finally {
      bo.disconnect();
    }
  });
});
