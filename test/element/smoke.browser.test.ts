/// <reference types="mocha" />
import { $, $$, cleanup, equal, joined, logTexts, roomUrl, typeAndEnter, until } from './harness.js';

describe('smoke', () => {
  afterEach(cleanup);
  it('two elements chat', async () => {
    const url = await roomUrl('smoke');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, 'Bob');
    await until(() => ann.participants.length === 2, 'ann sees bob');
    await typeAndEnter(ann, 'hello bob');
    await until(() => logTexts(bob).includes('hello bob'), 'bob got it');
    await until(() => !$(ann, '.row.pend'), 'ann message acked');
    equal(logTexts(ann), ['hello bob']);
    equal($$(bob, '.who').map((n) => n.textContent), ['Bob', 'Ann', 'Ann']);
  });
});
