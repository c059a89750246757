import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BACKOFF_DEFAULTS, SESSION_DEFAULTS, backoff } from '../../src/client/index.js';

describe('backoff()', () => {
  const noJitter = { ...BACKOFF_DEFAULTS, jitter: 0 };

  it('starts at initialDelayMs and grows by factor up to maxDelayMs', () => {
    const delays = Array.from({ length: 10 }, (_, attempt) => backoff(attempt, noJitter));
    assert.deepEqual(delays, [250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000, 10_000, 10_000]);
  });

  it('takes a random share of up to jitter off each delay', () => {
    assert.equal(backoff(0, BACKOFF_DEFAULTS, () => 0), 250);
    assert.equal(backoff(0, BACKOFF_DEFAULTS, () => 0.999_999), 125);
    assert.equal(backoff(3, BACKOFF_DEFAULTS, () => 0.5), 1500);
    for (let i = 0; i < 1000; i++) {
      const delay = backoff(i % 12);
      const full = Math.min(10_000, 250 * 2 ** (i % 12));
      assert.ok(delay >= full / 2 && delay <= full, `attempt ${i % 12}: ${delay} within [${full / 2}, ${full}]`);
    }
  });

  it('treats a negative attempt as the first', () => {
    assert.equal(backoff(-3, noJitter), 250);
  });
});

describe('documented defaults', () => {
  /** `Default: X.` from the JSDoc right above each `name?:` / `name:` in a source file. */
  function documented(file: string): Record<string, string> {
    const text = readFileSync(new URL(`../../src/client/${file}`, import.meta.url), 'utf8');
    const found: Record<string, string> = {};
    for (const match of text.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*?)\*\/\s*(\w+)\??:/g)) {
      const value = /Default: ([^\s]+?)\.?(?:\s|$)/.exec(match[1] ?? '')?.[1];
      if (value !== undefined && match[2] !== undefined) found[match[2]] = value.replace(/_/g, '').replace(/`/g, '');
    }
    return found;
  }

  it('gives the backoff defaults the code uses', () => {
    assert.deepEqual(documented('backoff.ts'), Object.fromEntries(Object.entries(BACKOFF_DEFAULTS).map(([k, v]) => [k, String(v)])));
  });

  it('gives the session defaults the code uses', () => {
    const docs = documented('options.ts');
    assert.equal(docs['maxAttempts'], String(SESSION_DEFAULTS.reconnect.maxAttempts));
    assert.equal(docs['timeoutMs'], String(SESSION_DEFAULTS.timeoutMs));
    assert.equal(docs['pingIntervalMs'], String(SESSION_DEFAULTS.pingIntervalMs));
  });
});
