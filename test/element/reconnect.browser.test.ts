/// <reference types="mocha" />
// Back after a reconnection (issue 11, item 4): after a relay restart the churn of
// everyone leaving and joining again is one line, and the log says where messages may
// be missing and why; so it does after a reconnection that could not resume.
import { Session } from '../../src/client/index.js';
import type { SignalChat } from '../../src/element/index.js';
import { control, relayUrls } from '../support/relay-urls.js';
import { $, $$, chat, cleanup, deepEqual, joined, logTexts, roomName, roomUrl, systemLines, until } from './harness.js';

describe('<signal-chat> back after a reconnection', () => {
  afterEach(cleanup);

  it('sums up the others leaving and joining again in one line, and marks the gap saying the history was lost', async () => {
    const url = await roomUrl('churn');
    const ann = await joined(url, 'Ann');
    const others: SignalChat[] = [];
    for (const name of ['Bob', 'Cleo', 'Dan', 'Eve', 'Fay']) others.push(await joined(url, name));
    await until(() => ann.participants.length === 6, 'Ann sees everyone');
    await ann.send('before the restart');
    await until(() => others.every((o) => logTexts(o).includes('before the restart')), 'everyone has it');
    // The read markers of those who have it on screen are in before the restart: a marker
    // reaching the fresh relay ahead of Ann would number the room past what she saw.
    await until(() => /Seen/.test($(ann, '[part=receipt]')?.textContent ?? ''), 'seen before the restart');
    const before = systemLines(ann);
    deepEqual(before, ['Bob joined', 'Cleo joined', 'Dan joined', 'Eve joined', 'Fay joined']);

    await control('/restart');
    await until(() => [ann, ...others].every((e) => e.state === 'connected') && ann.participants.length === 6, 'everyone back', 15_000);
    await until(() => systemLines(ann).length > before.length + 1, 'the summary', 10_000);
    deepEqual(systemLines(ann).slice(before.length), [
      'The server restarted and lost its history: messages may be missing here',
      '5 people reconnected',
    ]);
    // The gap line stands where the connection dropped: after the last message before it.
    const rows = $$(ann, '.log .row');
    const message = rows.findIndex((r) => r.textContent?.includes('before the restart'));
    const gap = rows.findIndex((r) => r.getAttribute('part') === 'gap');
    deepEqual(gap, message + 1, 'the gap follows the last message before the restart');
  });

  it('keeps a real join or leave during the churn as its own line', async () => {
    const url = await roomUrl('churn-real');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    await until(() => ann.participants.length === 2, 'Ann sees Bob');
    await ann.send('hello');
    await until(() => logTexts(bob).includes('hello'), 'Bob has it');
    const before = systemLines(ann).length;
    await control('/restart');
    // Cleo arrives while the room settles.
    await until(() => ann.state === 'connected', 'Ann back', 15_000);
    await chat({ url, name: 'Cleo' });
    await until(() => ann.participants.length === 3, 'Ann sees Bob and Cleo', 15_000);
    await until(() => systemLines(ann).length >= before + 3, 'the summary', 10_000);
    deepEqual(systemLines(ann).slice(before + 1), ['Bob reconnected', 'Cleo joined']);
  });

  it('marks the gap when it comes back too late to pick up where it was, though the server kept its history', async () => {
    const { ws } = await relayUrls();
    const room = roomName('late-back');
    const bob = await joined(`${ws}/rooms/${room}`, 'Bob');
    // Back only after the test relay's grace period (3 s): the server no longer knows it.
    const session = new Session(`${ws}/rooms/${room}`, { status: { name: 'Ann' }, reconnect: { initialDelayMs: 4000, maxDelayMs: 4000, jitter: 0 } });
    const ann = await chat({});
    ann.session = session as unknown as NonNullable<SignalChat['session']>;
    await session.connect();
    await until(() => ann.state === 'connected' && ann.participants.length === 2, 'Ann is in');
    await bob.send('before');
    await until(() => logTexts(ann).includes('before'), 'Ann has it');
    await control(`/drop?room=${room}&id=${session.connection!.connectionId}`);
    await until(() => ann.state === 'reconnecting', 'reconnecting');
    await bob.send('while Ann was away');
    await until(() => ann.state === 'connected', 'back, as a new connection', 10_000);
    await until(() => logTexts(ann).includes('while Ann was away'), 'the history brings what was missed');
    const rows = $$(ann, '.log .row');
    const gap = rows.findIndex((r) => r.getAttribute('part') === 'gap');
    deepEqual(rows[gap]?.textContent, 'Messages sent while you were away may be missing');
    const messageAfter = rows.slice(gap + 1).find((r) => r.matches('[part~=message]'));
    deepEqual([rows[gap - 1]?.textContent?.includes('before'), messageAfter?.textContent?.includes('while Ann was away')], [true, true], 'between the last message before and the first after');
    session.disconnect();
  });
});
