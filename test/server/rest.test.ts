import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, Peer, postJson, startRelay, type TestRelay } from './harness.js';

describe('REST API', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay();
  });
  after(() => relay.close());

  describe('POST /api/signal', () => {
    it('broadcasts a server signal that arrives with peer null', async () => {
      const url = relay.ws('rest-bc');
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      const answer = await postJson(`${relay.http}/api/signal`, { session: 'rest-bc', type: 'chat', data: 'from the server' });
      assert.equal(answer.status, 200);
      for (const peer of [ann, bob]) {
        const from = await peer.next('from');
        assert.equal(from['peer'], null);
        assert.equal(from['event'], 'chat');
        assert.equal(from['data'], 'from the server');
        assert.equal(from['seq'], answer.body['seq']);
      }
    });

    it('sends to the listed connections only, and an empty to means everyone (OpenVidu)', async () => {
      const url = relay.ws('rest-to');
      const ann = await Peer.join(url);
      const bob = await Peer.join(url);
      assert.equal((await postJson(`${relay.http}/api/signal`, { session: 'rest-to', to: [bob.id], data: 'just bob' })).status, 200);
      assert.deepEqual((await bob.next('from'))['to'], [bob.id]);
      assert.equal((await postJson(`${relay.http}/api/signal`, { session: 'rest-to', to: [], data: 'all' })).status, 200);
      assert.equal((await ann.next('from'))['data'], 'all', 'ann never got the one for bob');
      assert.equal((await bob.next('from'))['data'], 'all');
    });

    it('puts a broadcast server signal into the history', async () => {
      const url = relay.ws('rest-hist');
      await Peer.join(url);
      await postJson(`${relay.http}/api/signal`, { session: 'rest-hist', type: 'notice', data: 'welcome' });
      const late = await Peer.join(url, {}, { history: true });
      const from = await late.next('from');
      assert.deepEqual([from['peer'], from['data'], from['history']], [null, 'welcome', true]);
    });

    it('answers 400 for a bad body, 404 for an unknown session and 406 for an unknown to', async () => {
      await Peer.join(relay.ws('rest-errors'));
      const api = `${relay.http}/api/signal`;
      const notJson = await postJson(api, '{nope');
      assert.deepEqual([notJson.status, notJson.body['code']], [400, 'invalid_message']);
      const noSession = await postJson(api, { data: 'x' });
      assert.deepEqual([noSession.status, noSession.body['code']], [400, 'invalid_message']);
      const badType = await postJson(api, { session: 'rest-errors', type: 'no spaces' });
      assert.deepEqual([badType.status, badType.body['code']], [400, 'invalid_type']);
      const unknown = await postJson(api, { session: 'no-such-room', data: 'x' });
      assert.deepEqual([unknown.status, unknown.body['code']], [404, 'unknown_room']);
      const badTo = await postJson(api, { session: 'rest-errors', to: ['ghost'], data: 'x' });
      assert.deepEqual([badTo.status, badTo.body['code']], [406, 'unknown_peer']);
      const tooLarge = await postJson(api, { session: 'rest-errors', data: 'x'.repeat(9000) });
      assert.deepEqual([tooLarge.status, tooLarge.body['code']], [413, 'data_too_large']);
    });

    it('refuses a 10 MB body with 413 without reading it, and keeps serving', async () => {
      const huge = 'x'.repeat(10 * 1024 * 1024);
      const response = await fetch(`${relay.http}/api/signal`, { method: 'POST', body: huge }).catch((error: unknown) => error);
      if (response instanceof Response) assert.equal(response.status, 413);
      // Streamed without a length: the server stops reading past its limit.
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode(huge.slice(0, 1024 * 1024)));
          controller.close();
        },
      });
      const streamed = await fetch(`${relay.http}/api/signal`, { method: 'POST', body: stream, duplex: 'half' } as RequestInit).catch((error: unknown) => error);
      if (streamed instanceof Response) assert.equal(streamed.status, 413);
      const health = await getJson(`${relay.http}/healthz`);
      assert.equal(health.status, 200);
    });

    it('answers 405 to other methods', async () => {
      const response = await fetch(`${relay.http}/api/signal`);
      assert.equal(response.status, 405);
    });
  });

  it('GET /api/rooms/<room> lists the participants with their status', async () => {
    const url = relay.ws('rest-room');
    const ann = await Peer.join(url, { name: 'Ann' });
    const bob = await Peer.join(url, { name: 'Bob' });
    const answer = await getJson(`${relay.http}/api/rooms/rest-room`);
    assert.equal(answer.status, 200);
    assert.equal(answer.body['room'], 'rest-room');
    const participants = answer.body['participants'] as Array<{ id: string; status: unknown; connected: boolean }>;
    assert.deepEqual(
      participants.map((p) => [p.id, p.status, p.connected]),
      [
        [ann.id, { name: 'Ann' }, true],
        [bob.id, { name: 'Bob' }, true],
      ],
    );
    const missing = await getJson(`${relay.http}/api/rooms/nobody-home`);
    assert.deepEqual([missing.status, missing.body['code']], [404, 'unknown_room']);
  });

  it('GET /healthz reports ok with room and peer counts', async () => {
    const before = await getJson(`${relay.http}/healthz`);
    await Peer.join(relay.ws('rest-health-1'));
    await Peer.join(relay.ws('rest-health-2'));
    const after = await getJson(`${relay.http}/healthz`);
    assert.equal(after.status, 200);
    assert.equal(after.body['ok'], true);
    assert.equal((after.body['rooms'] as number) - (before.body['rooms'] as number), 2);
    assert.equal((after.body['peers'] as number) - (before.body['peers'] as number), 2);
  });

  it('answers a plain HTTP request to a room path with 426', async () => {
    const response = await fetch(`${relay.http}/rooms/x`);
    assert.equal(response.status, 426);
    assert.equal(((await response.json()) as { code: string }).code, 'invalid_message');
  });

  it('serves the demo at / and refuses paths outside it', async () => {
    const index = await fetch(`${relay.http}/`);
    assert.equal(index.status, 200);
    assert.match(index.headers.get('content-type') ?? '', /text\/html/);
    assert.match(await index.text(), /signal-chat/);
    for (const path of ['/../package.json', '/%2e%2e/package.json', '/.git/config', '/nope.html']) {
      assert.equal((await fetch(`${relay.http}${path}`)).status, 404, path);
    }
  });
});
