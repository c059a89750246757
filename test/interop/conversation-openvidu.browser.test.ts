/// <reference types="mocha" />
// Reactions, replies, edits and deletes between an element on an unmodified
// openvidu-browser session and one on our own client, in one room of the relay; and
// what a plain OpenVidu chat app (listening to signal:chat) sees of them.
import type { SignalChat } from '../../src/element/index.js';
import { chat, cleanup, joined } from '../element/harness.js';
import { connectOpenVidu, deepEqual, disconnectOpenVidu, equal, nativeUrl, reportOpenViduLogs, roomName, until } from './harness.js';

/** Everything a person sees of the conversation in the log, one line per message. */
const view = (el: SignalChat): string[] =>
  [...el.shadowRoot!.querySelectorAll('.log .row.m')].map((row) => {
    const quote = row.querySelector('[part=quote]')?.textContent?.trim();
    const text = row.querySelector('.text')?.textContent?.trim();
    const chips = [...row.querySelectorAll('[part=reaction]')].map((c) => c.textContent?.trim()).join(' ');
    return [quote && `> ${quote}`, text, chips && `[${chips}]`].filter(Boolean).join(' ');
  });

const find = (el: SignalChat, text: string) => {
  const m = el.messages.find((x) => x.text === text);
  if (!m) throw new Error(`no message '${text}' in ${JSON.stringify(el.messages.map((x) => x.text))}`);
  return m;
};

describe('<signal-chat> conversation features across an openvidu-browser session and our client', () => {
  afterEach(function () {
    disconnectOpenVidu();
    cleanup();
    reportOpenViduLogs(this.currentTest);
  });

  it('shows the same reactions, reply, edit and delete on both, and a plain OpenVidu chat app only the messages', async () => {
    const room = roomName('convo-ov');
    const plain = await connectOpenVidu(room, { clientData: 'Plain' });
    const vera = await connectOpenVidu(room, { clientData: 'Vera' });
    const onOpenVidu = await chat({});
    onOpenVidu.session = vera.session;
    const ours = await joined(await nativeUrl(room), 'Xena');
    await until(() => onOpenVidu.state === 'connected' && onOpenVidu.participants.length === 3 && ours.participants.length === 3, 'all in the room');

    await ours.send('hello Vera');
    await until(() => onOpenVidu.messages.some((m) => m.text === 'hello Vera'), 'Vera has it');
    await onOpenVidu.react(find(onOpenVidu, 'hello Vera'), '🎉');
    await onOpenVidu.send('hi Xena', { replyTo: find(onOpenVidu, 'hello Vera') });
    await until(() => ours.messages.some((m) => m.text === 'hi Xena'), 'Xena has the answer');
    await ours.react(find(ours, 'hi Xena'), '👍');
    await ours.edit(find(ours, 'hello Vera'), 'hello, Vera');
    await onOpenVidu.send('oops');
    await until(() => ours.messages.some((m) => m.text === 'oops'), 'Xena has it');
    await onOpenVidu.delete(find(onOpenVidu, 'oops'));

    const expected = ['hello, Vera (edited) [🎉 1]', '> Xena hello Vera hi Xena [👍 1]', 'Message deleted'];
    await until(() => view(ours).join('|') === expected.join('|'), 'our client shows the final state');
    await until(() => view(onOpenVidu).join('|') === expected.join('|'), 'the openvidu-browser element shows the same');
    // A plain app listening to signal:chat saw the three messages as sent, and nothing else.
    deepEqual(plain.seen.filter((e) => e.name === 'signal:chat').map((e) => e.data), ['hello Vera', 'hi Xena', 'oops']);
    equal(plain.seen.filter((e) => e.name === 'signal' && e.type !== 'signal:chat').every((e) => e.type?.startsWith('signal:chat~')), true, 'the rest came on their own types');
  });
});
