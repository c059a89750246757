/** src/protocol/errors.ts: the code a bare number (an OpenTok or OpenVidu session's error) stands for. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CODE_BY_NUMBER, ERROR_CODES } from '../../src/protocol/index.js';

describe('error codes', () => {
  it('read a bare number as the code a sender most often meets with it', () => {
    assert.deepEqual(
      [400, 401, 403, 404, 408, 413, 429, 499, 503].map((n) => CODE_BY_NUMBER[n]),
      ['invalid_message', 'unauthorized', 'forbidden', 'unknown_peer', 'timeout', 'data_too_large', 'rate_limited', 'cancelled', 'not_connected'],
    );
  });

  it('read every number of the table as a code that has it, and no other number as any code', () => {
    const numbers = new Set(Object.values(ERROR_CODES));
    assert.deepEqual(Object.keys(CODE_BY_NUMBER).map(Number).sort(), [...numbers].sort());
    for (const [number, code] of Object.entries(CODE_BY_NUMBER)) assert.equal(ERROR_CODES[code], Number(number), code);
    assert.equal(CODE_BY_NUMBER[418], undefined);
  });
});
