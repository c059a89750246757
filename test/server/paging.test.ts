/**
 * Older history on demand: a `history {id, before?, limit?}` request is
 * answered from the room's log (larger than the join history) with the kept
 * signals older than `before`, oldest first, as `from` frames marked
 * `page: id`, then `history {id, more}`.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Peer, startRelay, type Frame, type TestRelay } from './harness.js';

/** Ask for a page and collect its answer: the signals marked with its id, then the end marker. */
async function page(peer: Peer, request: Record<string, unknown>): Promise<{ signals: Frame[]; more: boolean }> {
  const start = peer.frames.length;
  peer.send({ type: 'history', ...request });
  const end = await peer.next('history');
  assert.equal(end['id'], request['id']);
  const signals = peer.frames.slice(start).filter((f) => f.type === 'from' && f['page'] === request['id']);
  return { signals, more: end['more'] === true };
}

describe('older history on demand', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ historySize: 3, logSize: 50, rateLimit: false });
  });
  after(() => relay.close());

  it('pages back through the room’s log beyond the join history, without gap or duplicate', async () => {
    const url = relay.ws('page-back');
    const ann = await Peer.join(url, { name: 'Ann' });
    for (let i = 1; i <= 20; i++) ann.send({ type: 'signal', id: `m${i}`, event: 'chat', data: `msg ${i}` });
    for (let i = 1; i <= 20; i++) await ann.next('ack');
    const bob = await Peer.join(url, {}, { history: true });
    const joinHistory = [await bob.next('from'), await bob.next('from'), await bob.next('from')];
    assert.deepEqual(joinHistory.map((f) => f['data']), ['msg 18', 'msg 19', 'msg 20']);
    const seen: string[] = [];
    let oldest = joinHistory[0]?.['seq'] as number;
    for (;;) {
      const answer = await page(bob, { id: `p${oldest}`, before: oldest, limit: 7 });
      assert.ok(answer.signals.every((f) => f['page'] === `p${oldest}` && f['history'] === true && f['name'] === 'Ann'));
      seen.unshift(...answer.signals.map((f) => String(f['data'])));
      if (!answer.more) break;
      oldest = answer.signals[0]?.['seq'] as number;
    }
    assert.deepEqual(seen, Array.from({ length: 17 }, (_, i) => `msg ${i + 1}`));
  });

  it('keeps at most the log size, and caps a page at 200', async () => {
    const url = relay.ws('page-cap');
    const ann = await Peer.join(url);
    for (let i = 1; i <= 60; i++) ann.send({ type: 'signal', id: `m${i}`, event: 'chat', data: `msg ${i}` });
    for (let i = 1; i <= 60; i++) await ann.next('ack');
    const answer = await page(ann, { id: 'all', limit: 1000 });
    assert.equal(answer.signals.length, 50, 'the log keeps 50 here');
    assert.equal(answer.signals[0]?.['data'], 'msg 11');
    assert.equal(answer.more, false);
  });

  it('shows private signals only to their sender and recipients, and no ephemeral ones', async () => {
    const url = relay.ws('page-private');
    const ann = await Peer.join(url);
    const bob = await Peer.join(url);
    const eve = await Peer.join(url);
    ann.send({ type: 'signal', id: 'a', event: 'chat', data: 'public' });
    ann.send({ type: 'signal', id: 'b', to: [bob.id], event: 'chat', data: 'for bob' });
    ann.send({ type: 'signal', id: 'c', event: 'typing', data: 'typing', ephemeral: true });
    for (let i = 0; i < 3; i++) await ann.next('ack');
    const data = (answer: { signals: Frame[] }): unknown[] => answer.signals.map((f) => f['data']);
    assert.deepEqual(data(await page(ann, { id: 'x' })), ['public', 'for bob']);
    assert.deepEqual(data(await page(bob, { id: 'x' })), ['public', 'for bob']);
    assert.deepEqual(data(await page(eve, { id: 'x' })), ['public']);
  });

  it('pages only for members: someone who left the room gets not_joined, even for what they sent', async () => {
    const room = 'page-members';
    const url = relay.ws(room);
    const ann = await Peer.join(url);
    const eve = await Peer.join(url);
    eve.send({ type: 'signal', id: 'e', to: [ann.id], event: 'chat', data: 'from eve to ann' });
    await eve.next('ack');
    eve.send({ type: 'leave' });
    await ann.next('peer_left');
    const request = { id: 'x', before: Infinity, limit: 50 };
    const hub = relay.server.hub;
    assert.deepEqual(await hub.page?.(room, eve.id, request), { ok: false, code: 'not_joined', message: 'not in this room' });
    assert.deepEqual(await hub.page?.(room, 'nobody', request), { ok: false, code: 'not_joined', message: 'not in this room' });
    const kept = await hub.page?.(room, ann.id, request);
    assert.deepEqual(kept?.ok && kept.signals.map((d) => (JSON.parse(d.text) as Frame)['data']), ['from eve to ann']);
  });

  it('refuses a bad before or limit with invalid_message, and the connection stays up', async () => {
    const url = relay.ws('page-bad');
    const ann = await Peer.join(url);
    for (const bad of [{ before: 0 }, { before: 'x' }, { limit: 0 }, { limit: 2.5 }, { limit: -1 }]) {
      ann.send({ type: 'history', id: 'bad', ...bad });
      const error = await ann.next('error');
      assert.equal(error['code'], 'invalid_message', JSON.stringify(bad));
      assert.equal(error['id'], 'bad');
    }
    ann.send({ type: 'signal', id: 'ok', event: 'chat', data: 'still here' });
    assert.equal((await ann.next('ack'))['id'], 'ok');
    assert.deepEqual((await page(ann, { id: 'good' })).signals.map((f) => f['data']), ['still here']);
  });

  it('is rate limited like signals', async () => {
    const limited = await startRelay({ rateLimit: { perSecond: 1, burst: 2 } });
    try {
      const ann = await Peer.join(limited.ws('page-rate'));
      for (let i = 0; i < 4; i++) ann.send({ type: 'history', id: `h${i}` });
      const error = await ann.next('error');
      assert.equal(error['code'], 'rate_limited');
    } finally {
      await limited.close();
    }
  });
});
