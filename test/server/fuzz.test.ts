/**
 * Property-based fuzzing (fast-check): the decoder with random input, and the
 * live server with random frame sequences from several clients at once.
 */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ERROR_CODES, decodeClientFrame, decodeClientFrameCompiled } from '../../src/protocol/index.js';
import { getJson, Peer, startRelay, type TestRelay } from './harness.js';

describe('decoder fuzz', () => {
  it('never throws and answers ok or a known code for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const decoded = decodeClientFrame(text);
        return decoded.ok || decoded.code in ERROR_CODES;
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws for any JSON value, nor for frames with a real type and random fields', () => {
    const types = fc.constantFrom('join', 'leave', 'status', 'to', 'signal', 'kick', 'ping', 'joined', '__proto__', 'constructor');
    const framey = fc.record({ type: types }).chain((base) => fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 })).map((fields) => ({ ...fields, ...base })));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), framey), (value) => {
        const text = JSON.stringify(value) ?? 'null';
        const decoded = decodeClientFrame(text);
        if (decoded.ok) assert.equal(typeof decoded.frame.type, 'string');
        else assert.ok(decoded.code in ERROR_CODES, decoded.code);
        // The server's compiled decoder answers exactly the same.
        assert.deepEqual(decodeClientFrameCompiled(text), decoded);
      }),
      { numRuns: 2000 },
    );
  });
});

type Action =
  | { kind: 'broadcast'; from: number; marker: string }
  | { kind: 'private'; from: number; to: number; marker: string }
  | { kind: 'seed-to'; from: number; to: number; marker: string }
  | { kind: 'status'; from: number; value: string }
  | { kind: 'garbage'; from: number; text: string };

describe('live server fuzz', () => {
  let relay: TestRelay;
  before(async () => {
    relay = await startRelay({ rateLimit: false });
  });
  after(() => relay.close());

  it('stays up, keeps every client working and leaks no private signal under random traffic from three clients', async () => {
    const who = fc.integer({ min: 0, max: 2 });
    const marker = fc.uuid();
    const garbage = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 200 }),
      fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc.record({ type: fc.constantFrom('signal', 'to', 'status', 'join', 'kick', 'nope'), id: fc.string({ maxLength: 70 }), event: fc.string({ maxLength: 140 }), peer: fc.string(), to: fc.array(fc.string(), { maxLength: 3 }), data: fc.jsonValue({ maxDepth: 2 }) }).map((v) => JSON.stringify(v)),
      fc.integer({ min: 8190, max: 9000 }).map((n) => JSON.stringify({ type: 'signal', id: 'big', data: 'x'.repeat(n) })),
    );
    const action: fc.Arbitrary<Action> = fc.oneof(
      fc.record({ kind: fc.constant('broadcast' as const), from: who, marker }),
      fc.record({ kind: fc.constant('private' as const), from: who, to: who, marker }),
      fc.record({ kind: fc.constant('seed-to' as const), from: who, to: who, marker }),
      fc.record({ kind: fc.constant('status' as const), from: who, value: fc.string({ maxLength: 20 }) }),
      fc.record({ kind: fc.constant('garbage' as const), from: who, text: garbage }),
    );
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 40 }), async (actions) => {
        const room = `fuzz-${run++}`;
        const peers = [await Peer.join(relay.ws(room)), await Peer.join(relay.ws(room)), await Peer.join(relay.ws(room))];
        const ids = peers.map((p) => p.id);
        /** marker → the peers allowed to see it */
        const audience = new Map<string, Set<number>>();
        let n = 0;
        for (const a of actions) {
          const sender = peers[a.from] as Peer;
          if (a.kind === 'broadcast') {
            audience.set(a.marker, new Set([0, 1, 2].filter((i) => i !== a.from)));
            sender.send({ type: 'signal', id: `b${n++}`, event: 'chat', data: a.marker });
          } else if (a.kind === 'private') {
            audience.set(a.marker, new Set(a.to === a.from ? [] : [a.to]));
            sender.send({ type: 'signal', id: `p${n++}`, to: [ids[a.to]], event: 'dm', data: a.marker });
          } else if (a.kind === 'seed-to') {
            audience.set(a.marker, new Set(a.to === a.from ? [] : [a.to]));
            sender.send({ type: 'to', peer: ids[a.to], event: 'dm', data: a.marker });
          } else if (a.kind === 'status') {
            sender.send({ type: 'status', status: { name: a.value } });
          } else {
            sender.send(a.text);
          }
        }
        for (const peer of peers) await peer.sync();
        // Everyone is still connected and works: each broadcast reaches both others.
        for (const [i, peer] of peers.entries()) {
          assert.equal(peer.closeCode, undefined, `peer ${i} was disconnected`);
          peer.send({ type: 'signal', id: `final-${i}`, event: 'chat', data: `final-${i}` });
        }
        for (const peer of peers) await peer.sync();
        for (const [i, peer] of peers.entries()) {
          const received = peer.frames.filter((f) => f.type === 'from').map((f) => f['data']);
          for (const j of [0, 1, 2]) if (j !== i) assert.ok(received.includes(`final-${j}`), `peer ${i} got final-${j}`);
          for (const data of received) {
            if (typeof data !== 'string' || !audience.has(data)) continue;
            assert.ok(audience.get(data)?.has(i), `peer ${i} received ${data}, which was not for it`);
          }
          // And every marker meant for it arrived exactly once.
          for (const [m, allowed] of audience) {
            if (allowed.has(i)) assert.equal(received.filter((d) => d === m).length, 1, `peer ${i} got ${m} once`);
          }
        }
        for (const peer of peers) await peer.close();
      }),
      { numRuns: 25 },
    );
    assert.equal((await getJson(`${relay.http}/healthz`)).status, 200);
  });
});
