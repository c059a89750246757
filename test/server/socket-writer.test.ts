/**
 * The guard of the fast write path: socket-writer.ts frames text itself and
 * writes the bytes to `ws`'s private TCP socket. That is sound only while
 * its frames are byte for byte what `ws` itself would send, and only for the
 * `ws` it was checked against, so `ws` is pinned to that minor version.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { QueuedFrames, textFrame } from '../../src/server/socket-writer.js';

const require = createRequire(import.meta.url);
interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}
/** `ws`'s own framing (its types do not declare the Sender). */
const { Sender } = require('ws') as { Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] } };
/** The `ws` minor version the fast path was checked with. */
const CHECKED_MINOR = '8.23';

/** The frame `ws` writes for `text` from a server: unmasked, final, text opcode, no compression. */
function wsFrame(text: string): Buffer {
  const parts = Sender.frame(Buffer.from(text, 'utf8'), { fin: true, opcode: 1, mask: false, readOnly: false, rsv1: false });
  return Buffer.concat(parts);
}

describe('the fast write path', () => {
  it('frames text exactly as ws does, at every header-size boundary', () => {
    const sizes = [0, 1, 124, 125, 126, 127, 65_534, 65_535, 65_536, 65_537, 200_000];
    for (const size of sizes) {
      const text = 'x'.repeat(size);
      assert.deepEqual(textFrame(text), wsFrame(text), `${size} bytes`);
    }
  });

  it('counts UTF-8 bytes, not characters, in the length, as ws does', () => {
    // 'é' is 2 bytes: 63 of them are 126 bytes, one past the 7-bit length.
    for (const text of ['é'.repeat(62) + 'x', 'é'.repeat(63), '😀'.repeat(16_384), '😀'.repeat(16_383) + 'xxxx']) {
      assert.deepEqual(textFrame(text), wsFrame(text), `${Buffer.byteLength(text)} bytes`);
    }
  });

  it('runs on the ws minor version it was checked with, and package.json pins it there', () => {
    const installed = (require('ws/package.json') as { version: string }).version;
    assert.ok(installed.startsWith(`${CHECKED_MINOR}.`), `ws ${installed} is installed; the fast path was checked with ${CHECKED_MINOR}.x`);
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };
    assert.match(pkg.dependencies['ws'] ?? '', new RegExp(`^~${CHECKED_MINOR.replace('.', '\\.')}\\.\\d+$`), 'a ~ range: patch releases only');
  });

  it('writes a socket’s frames of one turn as one buffer, in order, made once for the sockets that got the same frames', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((text) => textFrame(`{"type":"from","data":"${text}"}`)) as [Buffer, Buffer, Buffer];
    const first = new QueuedFrames(undefined, a, a.length);
    const bob = first.then(b).then(c);
    const cat = first.then(b).then(c);
    assert.deepEqual(bob.all(), Buffer.concat([a, b, c]));
    assert.equal(cat, bob, 'Cat got the same frames: the same chain');
    assert.equal(cat.all(), bob.all(), 'and the same buffer');
    // Ann sent b: she gets a then c, which leaves Bob's and Cat's bytes as they were.
    const ann = first.then(c);
    assert.deepEqual(ann.all(), Buffer.concat([a, c]));
    assert.deepEqual(bob.all(), Buffer.concat([a, b, c]));
    assert.deepEqual(bob.frames(), [a, b, c]);
  });
});
