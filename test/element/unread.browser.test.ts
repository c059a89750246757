/// <reference types="mocha" />
// Unread that survives a reload: the element keeps, per room and user, how far each channel
// was read; a new element for the same room and name (what a reload makes) counts what was
// missed from the room's history, marks it "New since you left", and never counts twice.
import type { SignalChat } from '../../src/element/index.js';
import { READ_PREFIX, loadMarks, saveMarks } from '../../src/element/read-storage.js';
import { $$, assert, badge, deepEqual, equal, joined, logTexts, receipt, tab, until } from './harness.js';
import { annAndBob, sideBySide } from './side-by-side.js';

/** The row texts of the log, dividers included, in order. */
const rows = (el: SignalChat): string[] =>
  $$(el, '.log .row').map((r) => (r.matches('[part=unread-divider]') ? '— new —' : r.querySelector('.text')?.textContent ?? '')).filter(Boolean);

/** Whose marks these are: the room (the relay's host and path) and the name. */
const userOf = (url: string, name: string): string => `${new URL(url).host}${new URL(url).pathname}\n${name}`;

/** A reload: the element goes (saving what it read) and a new one for the same room and name comes. */
async function reload(el: SignalChat, url: string, name: string, extra: Record<string, string>): Promise<SignalChat> {
  el.parentElement!.remove();
  return joined(url, name, extra, 360);
}

describe('<signal-chat> unread across a reload', () => {
  sideBySide();

  it('counts what arrived since the last visit once, with a "New since you left" line, and nothing on a second reload', async () => {
    const extra = { channels: 'chat random' };
    const room = await annAndBob('reload', 360, extra);
    const { url, ann } = room;
    let { bob } = room;

    await ann.send('read before');
    // Read, not merely received: Bob's element had it on screen (it counts as read from a
    // frame or more after it arrived), as Ann sees from its receipt.
    await until(() => receipt(ann) === 'Seen by 1', () => `Bob read it on screen: Ann's message shows '${receipt(ann)}'`);
    await ann.send('r1', { channel: 'random' });
    await ann.send('r2', { channel: 'random' });
    await until(() => badge(tab(bob, 'random')) === 2, 'two unread on random before the reload');

    bob = await reload(bob, url, 'Bob', extra);
    await until(() => bob.messages.length === 3, 'the whole history replayed after the reload');
    equal(badge(tab(bob, 'random')), 2, 'the two unread on random are still unread: not reset');
    deepEqual(rows(bob), ['read before'], 'nothing new in chat: no divider');

    // Bob is away; Ann goes on.
    bob.parentElement!.remove();
    await ann.send('missed in chat');
    await ann.send('r3', { channel: 'random' });
    bob = await joined(url, 'Bob', extra, 360);
    await until(() => bob.messages.length === 5, 'the whole history replayed');
    await bob.updateComplete;
    deepEqual(rows(bob), ['read before', '— new —', 'missed in chat'], 'the line sits above the first message missed');
    equal(badge(tab(bob, 'chat')), 0, 'the channel shown has no badge');
    equal(badge(tab(bob, 'random')), 3, 'r1, r2 and r3: counted once each, not doubled');
    // Read means laid out on screen in view (the log's intersection is seen a frame or more later).
    const user = userOf(url, 'Bob');
    const missed = bob.messages.find((m) => m.text === 'missed in chat')!;
    await until(() => (loadMarks(user).get('c:chat')?.[0] ?? 0) >= missed.time, 'missed in chat kept as read');

    tab(bob, 'random').click();
    await bob.updateComplete;
    await until(() => rows(bob).length === 4, 'random shown');
    deepEqual(rows(bob), ['— new —', 'r1', 'r2', 'r3']);
    equal(badge(tab(bob, 'random')), 0, 'opened: read');
    // Read means laid out on screen (a frame later), and it is kept within a second.
    const r3 = bob.messages.find((m) => m.text === 'r3')!;
    await until(() => (loadMarks(user).get('c:random')?.[0] ?? 0) >= r3.time, 'r3 kept as read');

    bob = await reload(bob, url, 'Bob', extra);
    await until(() => bob.messages.length === 5, 'the whole history replayed again');
    await bob.updateComplete;
    equal(badge(tab(bob, 'random')), 0, 'read before the reload: still read');
    deepEqual(rows(bob), ['read before', 'missed in chat'], 'nothing new since: no divider');
  });

  it('keeps nothing for another name, and counts one\'s own replayed messages as read', async () => {
    const extra = { channels: 'chat random' };
    const room = await annAndBob('own', 360, extra);
    const { url, ann } = room;
    let { bob } = room;
    await ann.send('first', { channel: 'random' });
    await until(() => badge(tab(bob, 'random')) === 1, 'one unread');
    await bob.send('Bob answers', { channel: 'random' });
    bob = await reload(bob, url, 'Bob', extra);
    await until(() => bob.messages.length === 2, 'history replayed');
    equal(badge(tab(bob, 'random')), 0, 'Bob answered after it: read');
    const cleo = await joined(url, 'Cleo', extra, 360);
    await until(() => cleo.messages.length === 2, 'Cleo got the history');
    equal(badge(tab(cleo, 'random')), 0, 'a first visit counts the history as read');
  });

  it('clears a badge read in another tab from that tab\'s own word, even when a third tab has already saved an older copy over it', async () => {
    const { url, ann, bob } = await annAndBob('cross-tab', 360, { channels: 'chat random' });
    await ann.send('r1', { channel: 'random' });
    await until(() => badge(tab(bob, 'random')) === 1, 'one unread on random');
    const r1 = bob.messages.find((m) => m.text === 'r1')!;
    const key = `${READ_PREFIX}${new URL(url).host}${new URL(url).pathname}\nBob`;
    // Another tab of Bob's read random past r1 and saved it; a third tab, merging an older
    // copy it had read before, has already written that copy over it. Only the event of the
    // second tab's save still says random was read.
    localStorage.setItem(key, JSON.stringify({ at: 1, marks: {} }));
    dispatchEvent(new StorageEvent('storage', { key, newValue: JSON.stringify({ at: 2, marks: { 'c:random': [r1.time + 1, 0] } }) }));
    await until(() => badge(tab(bob, 'random')) === 0, 'read in the other tab: no badge');
    localStorage.removeItem(key);
  });

  // Tabs' copies of the storage sync asynchronously: a tab saving at the same moment as another may
  // write over its mark from a copy that lagged (test/element/shared.test.ts has real tabs; here the
  // other tab's save is the storage event it causes, so that the lag is there every time).
  it('saves its own read mark again when another tab saved an earlier one over it, so a reload does not show it as new', async () => {
    const room = await annAndBob('overwritten', 360);
    const { url, ann } = room;
    let { bob } = room;
    await ann.send('seen here');
    await until(() => receipt(ann) === 'Seen by 1', 'Bob read it on screen');
    const user = userOf(url, 'Bob');
    const seen = bob.messages.find((m) => m.text === 'seen here')!;
    await until(() => (loadMarks(user).get('c:chat')?.[0] ?? 0) >= seen.time, 'kept as read');
    // Bob's other tab, from a copy of the storage that lagged, saves a mark before it over his.
    const stale = JSON.stringify({ at: Date.now(), marks: { 'c:chat': [seen.time - 1, 0] } });
    localStorage.setItem(READ_PREFIX + user, stale);
    dispatchEvent(new StorageEvent('storage', { key: READ_PREFIX + user, newValue: stale }));
    bob = await reload(bob, url, 'Bob', {});
    await until(() => bob.messages.length === 1, 'the history replayed');
    await bob.updateComplete;
    deepEqual(rows(bob), ['seen here'], 'read before the reload: no "New since you left" line');
  });

  it('works as before when localStorage throws or is missing', async () => {
    const descriptor = Object.getOwnPropertyDescriptor(window, 'localStorage')!;
    Object.defineProperty(window, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError'); } });
    try {
      const { url, ann, bob } = await annAndBob('private-mode', 360);
      await ann.send('still works');
      await until(() => logTexts(bob).includes('still works'), 'Bob got it');
      const again = await reload(bob, url, 'Bob', {});
      await until(() => logTexts(again).includes('still works'), 'history after a reload');
      deepEqual(rows(again), ['still works'], 'no divider without storage');
      saveMarks('x', new Map([['c:chat', [1, 1]]]));
      equal(loadMarks('x').size, 0, 'nothing kept, nothing thrown');
    } finally {
      Object.defineProperty(window, 'localStorage', descriptor);
    }
  });

  it('keeps a bounded amount, the most recently read rooms, and ignores what it did not write', () => {
    const keys = (): string[] => Object.keys(localStorage).filter((k) => k.startsWith(READ_PREFIX));
    for (const key of keys()) localStorage.removeItem(key);
    for (let i = 0; i < 50; i += 1) saveMarks(`room-${i}\nAnn`, new Map(Array.from({ length: 40 }, (_, k) => [`c:ch${k}`, [i, k]] as const)));
    assert(keys().length <= 20, 'at most 20 rooms');
    assert(keys().every((k) => Object.keys((JSON.parse(localStorage.getItem(k)!) as { marks: object }).marks).length <= 16), 'at most 16 channels each');
    assert(keys().reduce((n, k) => n + localStorage.getItem(k)!.length, 0) < 32_000, 'a few kilobytes at most');
    equal(loadMarks('room-49\nAnn').get('c:ch3')?.join(), '49,3', 'the newest is kept');
    equal(loadMarks('room-0\nAnn').size, 0, 'the oldest went');
    localStorage.setItem(`${READ_PREFIX}a\nB`, '{"at":1,"marks":{"c:chat":"x","c:ok":[5,1]}}');
    deepEqual([...loadMarks('a\nB')], [['c:ok', [5, 1]]], 'malformed positions are left out');
    localStorage.setItem(`${READ_PREFIX}a\nB`, 'not json');
    equal(loadMarks('a\nB').size, 0);
    for (const key of keys()) localStorage.removeItem(key);
  });
});
