import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ERROR_CODES,
  MAX_DATA_BYTES,
  decodeClientFrame,
  decodeClientFrameCompiled,
  decodeServerFrame,
  isRoomName,
  isSignalType,
  jsonDepth,
  serialisedBytes,
  utf8Length,
} from '../../src/protocol/index.js';

describe('decodeClientFrame', () => {
  it('accepts every client frame of the seed protocol and of ours', () => {
    const frames = [
      { type: 'join', status: { name: 'Ann' } },
      { type: 'join' },
      { type: 'leave' },
      { type: 'status', status: {} },
      { type: 'to', peer: 'p1', event: 'offer', data: { sdp: 'x' } },
      { type: 'signal', id: '1', event: 'chat', data: 'hi' },
      { type: 'signal', id: '2', to: ['a', 'b'] },
      { type: 'ping' },
    ];
    for (const frame of frames) {
      const decoded = decodeClientFrame(JSON.stringify(frame));
      assert.equal(decoded.ok, true, JSON.stringify(frame));
    }
  });

  it('never throws, whatever the input', () => {
    const inputs = ['', 'null', '1', '"text"', '[]', '{}', '{"type":null}', '{"type":"__proto__"}', '{"type":"signal","id":{}}', '\u0000', '{"type":"join","status":[]}', '{"type":"to","peer":"p"}'];
    for (const input of inputs) {
      const decoded = decodeClientFrame(input);
      assert.equal(decoded.ok, false, input);
      if (!decoded.ok) assert.ok(decoded.code in ERROR_CODES);
    }
  });

  it('refuses data nested deeper than the limit instead of overflowing the stack', () => {
    const deep = `{"type":"signal","id":"d","data":${'['.repeat(5000)}${']'.repeat(5000)}}`;
    assert.deepEqual(decodeClientFrame(deep), { ok: false, code: 'invalid_message', message: 'frame nests deeper than 64 levels' });
    const fine = JSON.stringify({ type: 'signal', id: 'd', data: JSON.parse('['.repeat(60) + '"[[[[{{{{"' + ']'.repeat(60)) });
    assert.equal(decodeClientFrame(fine).ok, true, 'brackets inside strings do not count');
  });

  it('names the field at fault in the message', () => {
    const decoded = decodeClientFrame('{"type":"to","event":"x"}');
    assert.deepEqual(decoded, { ok: false, code: 'invalid_message', message: "'peer' is required" });
  });

  it('returns the frame id with the error so the sender can match it', () => {
    const decoded = decodeClientFrame(JSON.stringify({ type: 'signal', id: 'abc', event: 'bad type' }));
    assert.equal(decoded.ok, false);
    if (!decoded.ok) assert.deepEqual([decoded.code, decoded.id], ['invalid_type', 'abc']);
  });

  it('measures data after parsing: a frame with escaped data at the limit passes', () => {
    const data = 'x'.repeat(MAX_DATA_BYTES);
    assert.equal(decodeClientFrame(JSON.stringify({ type: 'signal', id: '1', data })).ok, true);
    const over = decodeClientFrame(JSON.stringify({ type: 'signal', id: '1', data: data + 'x' }));
    assert.equal(over.ok ? 'ok' : over.code, 'data_too_large');
  });
});

describe('decodeClientFrameCompiled', () => {
  it('gives the same answer as decodeClientFrame for good and bad frames alike', () => {
    const frames = [
      '{"type":"signal","id":"1","event":"chat","data":"hi"}',
      '{"type":"signal","id":"1","to":["a","b"],"data":{"x":[1,2]}}',
      '{"type":"join","status":{"name":"Ann"},"resume":{"id":"p","key":"k","seq":3}}',
      '{"type":"to","peer":"p","event":"offer","data":null}',
      '{"type":"signal","id":"1","event":"a b"}',
      '{"type":"to","event":"x"}',
      '{"type":"join","status":[]}',
      '{"type":"join","resume":{"id":"p","key":"k","seq":-1}}',
      `{"type":"signal","id":"1","data":"${'x'.repeat(9000)}"}`,
      '{"type":"kick"}',
      'nope',
    ];
    for (const text of frames) assert.deepEqual(decodeClientFrameCompiled(text), decodeClientFrame(text), text.slice(0, 60));
  });
});

describe('decodeServerFrame', () => {
  it('accepts every server frame and refuses an unknown one', () => {
    const frames = [
      { type: 'joined', id: 'me', peers: { p: { name: 'x' } } },
      { type: 'peer_joined', peer: 'p', status: {} },
      { type: 'peer_status', peer: 'p', status: {} },
      { type: 'peer_left', peer: 'p' },
      { type: 'from', peer: null, event: 'chat', data: 'x', seq: 1, time: 2 },
      { type: 'ack', id: '1', seq: 1, time: 2 },
      { type: 'error', code: 'invalid_type', message: 'm' },
      { type: 'pong' },
    ];
    for (const frame of frames) assert.equal(decodeServerFrame(JSON.stringify(frame)).ok, true, frame.type);
    assert.equal(decodeServerFrame('{"type":"join"}').ok, false);
  });
});

describe('limits', () => {
  it('counts UTF-8 bytes like TextEncoder', () => {
    for (const text of ['', 'abc', 'é', '€', '😀', 'a😀b€', '\ud800']) {
      assert.equal(utf8Length(text), new TextEncoder().encode(text).length, JSON.stringify(text));
    }
  });

  it('counts string data by its bytes and other data by its JSON', () => {
    assert.equal(serialisedBytes('héllo'), 6);
    assert.equal(serialisedBytes({ a: 1 }), 7);
    assert.equal(serialisedBytes(undefined), 0);
  });

  it('holds the type rule of OpenTok', () => {
    assert.equal(isSignalType('chat-1_~'), true);
    assert.equal(isSignalType('a'.repeat(128)), true);
    for (const bad of ['', 'a'.repeat(129), 'a b', 'a/b', 'ä', 'signal:chat']) assert.equal(isSignalType(bad), false, bad);
  });

  it('holds the room rule', () => {
    assert.equal(isRoomName('standup.team-1_~'), true);
    assert.equal(isRoomName('r'.repeat(64)), true);
    for (const bad of ['', 'r'.repeat(65), 'a b', 'a/b', 'ä', 'x?y']) assert.equal(isRoomName(bad), false, bad);
  });

  it('measures the nesting of JSON text as its parsed value nests, whatever brackets, quotes and escapes its strings hold (fast-check)', () => {
    const depth = (v: unknown): number => (v !== null && typeof v === 'object' ? 1 + Math.max(0, ...Object.values(v).map(depth)) : 0);
    const text = fc.string({ unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', 'a', 'é', ' ') });
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.constant(null), fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(text, tie('node'), { maxKeys: 3 })),
    })).node;
    fc.assert(fc.property(value, (v) => assert.equal(jsonDepth(JSON.stringify(v)), depth(v))), { numRuns: 2000 });
  });

  it('takes exactly A-Z a-z 0-9 - _ ~ in a type, and those and . in a room name, of every character up to U+2200', () => {
    for (let code = 0; code < 0x2200; code++) {
      const c = String.fromCharCode(code);
      assert.equal(isSignalType(`a${c}b`), /[A-Za-z0-9_~-]/.test(c), `type with U+${code.toString(16)}`);
      assert.equal(isRoomName(`a${c}b`), /[A-Za-z0-9_~.-]/.test(c), `room with U+${code.toString(16)}`);
    }
  });
});
