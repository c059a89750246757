import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_DATA_BYTES, MAX_STATUS_BYTES, SERVER_FRAME_TYPES, decodeServerFrame, parseServerFrame } from '../../src/protocol/index.js';

/** One valid frame of every server type, with every optional field present. */
const VALID: Record<(typeof SERVER_FRAME_TYPES)[number], Record<string, unknown>> = {
  joined: { type: 'joined', id: 'p1', peers: { p2: { name: 'Bo' } }, resume: 'k', resumed: false, seq: 3 },
  peer_joined: { type: 'peer_joined', peer: 'p2', status: { name: 'Bo' } },
  peer_status: { type: 'peer_status', peer: 'p2', status: {} },
  peer_left: { type: 'peer_left', peer: 'p2', reason: 'network' },
  from: { type: 'from', peer: 'p2', event: 'chat', data: 'hi', seq: 4, time: 5, to: ['p1'], history: true },
  ack: { type: 'ack', id: 's1', seq: 6, time: 7 },
  error: { type: 'error', code: 'unknown_peer', message: 'no', id: 's1' },
  pong: { type: 'pong', id: 2 },
};

/** Values that probe every rule: absent, wrong kinds, edges of the id length. */
const PALETTE: unknown[] = [
  undefined, null, '', 'x', 'x'.repeat(64), 'x'.repeat(65), 0, -1, 1.5, 1e300, true, false,
  {}, { a: 1 }, { a: {} }, { a: [] }, { a: null }, [], ['a'], [''], ['x'.repeat(65)], [1], [null], [{}],
  'chat', 'bad type!',
];

function verdicts(text: string): void {
  const zod = decodeServerFrame(text);
  const lite = parseServerFrame(text);
  assert.equal(lite.ok, zod.ok, `ok differs for ${text.slice(0, 200)}`);
  if (zod.ok && lite.ok) assert.deepEqual(lite.frame, zod.frame, `frame differs for ${text.slice(0, 200)}`);
  if (!zod.ok && !lite.ok) {
    assert.equal(lite.code, zod.code, `code differs for ${text.slice(0, 200)}`);
    assert.equal(lite.id, zod.id, `id differs for ${text.slice(0, 200)}`);
  }
}

function withField(frame: Record<string, unknown>, field: string, value: unknown): string {
  const copy: Record<string, unknown> = { ...frame };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return JSON.stringify(copy);
}

describe('parseServerFrame', () => {
  it('accepts every valid server frame exactly as decodeServerFrame does', () => {
    for (const frame of Object.values(VALID)) {
      const lite = parseServerFrame(JSON.stringify(frame));
      assert.equal(lite.ok, true, JSON.stringify(frame));
      verdicts(JSON.stringify(frame));
    }
  });

  it('gives the same verdict as decodeServerFrame for every field set to every probe value', () => {
    let compared = 0;
    for (const frame of Object.values(VALID)) {
      const fields = [...Object.keys(frame), 'extra', 'data', 'status'];
      for (const field of fields) {
        for (const value of PALETTE) {
          verdicts(withField(frame, field, value));
          compared++;
        }
      }
    }
    assert.ok(compared > 1000, `compared only ${compared} frames`);
  });

  it('gives the same verdict for two fields broken at once', () => {
    for (const frame of Object.values(VALID)) {
      const fields = Object.keys(frame).filter((f) => f !== 'type');
      for (const a of fields) {
        for (const b of fields) {
          if (a === b) continue;
          verdicts(JSON.stringify({ ...frame, [a]: null, [b]: 12 }));
        }
      }
    }
  });

  it('gives the same verdict for text that is not a frame at all', () => {
    for (const text of ['', 'nope', '[]', 'null', '3', '"joined"', '{}', '{"type":3}', '{"type":"bogus","id":"x"}', '{"type":"join"}']) {
      verdicts(text);
    }
  });

  it('refuses data and status over their limits with data_too_large, like decodeServerFrame', () => {
    const bigData = JSON.stringify({ ...VALID.from, data: 'é'.repeat(MAX_DATA_BYTES / 2 + 1) });
    const justData = JSON.stringify({ ...VALID.from, data: 'é'.repeat(MAX_DATA_BYTES / 2) });
    const bigStatus = JSON.stringify({ ...VALID.peer_joined, status: { name: 'x'.repeat(MAX_STATUS_BYTES) } });
    for (const text of [bigData, justData, bigStatus]) verdicts(text);
    const refused = parseServerFrame(bigData);
    assert.equal(refused.ok ? 'ok' : refused.code, 'data_too_large');
    assert.equal(parseServerFrame(justData).ok, true);
    const status = parseServerFrame(bigStatus);
    assert.equal(status.ok ? 'ok' : status.code, 'data_too_large');
  });

  it('never throws, whatever it is given', () => {
    for (const text of ['\u0000', '{"type":"__proto__"}', '{"type":"toString"}', '{"type":"constructor","id":"x"}']) {
      assert.doesNotThrow(() => parseServerFrame(text));
      verdicts(text);
    }
  });

  it('refuses data nested too deeply to measure instead of throwing', () => {
    // JSON.parse accepts this 100 KB frame; JSON.stringify overflows the stack on it.
    const deep = '{"type":"from","peer":null,"data":' + '['.repeat(50_000) + ']'.repeat(50_000) + '}';
    const result = parseServerFrame(deep);
    assert.equal(result.ok ? 'ok' : result.code, 'invalid_message');
  });
});
