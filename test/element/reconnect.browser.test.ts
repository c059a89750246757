/// <reference types="mocha" />
// After a relay restart (issue 11, item 4): the churn of everyone leaving and joining
// again is one line, and the log says where messages may be missing and why.
import type { SignalChat } from '../../src/element/index.js';
import { control } from '../support/relay-urls.js';
import { $$, chat, cleanup, deepEqual, joined, logTexts, roomUrl, systemLines, until } from './harness.js';

describe('<signal-chat> after a relay restart', () => {
  afterEach(cleanup);

  it('sums up the others leaving and joining again in one line, and marks the gap saying the history was lost', async () => {
    const url = await roomUrl('churn');
    const ann = await joined(url, 'Ann');
    const others: SignalChat[] = [];
    for (const name of ['Bob', 'Cleo', 'Dan', 'Eve', 'Fay']) others.push(await joined(url, name));
    await until(() => ann.participants.length === 6, 'Ann sees everyone');
    await ann.send('before the restart');
    await until(() => others.every((o) => logTexts(o).includes('before the restart')), 'everyone has it');
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
});
