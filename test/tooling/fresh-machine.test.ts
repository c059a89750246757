/**
 * `npm test` on a machine without a tool it needs: it says what to install in one line
 * and stops, instead of running every browser test into the same failure.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const testScript = fileURLToPath(new URL('../../scripts/test.mjs', import.meta.url));

describe('npm test on a machine without Chromium', () => {
  it('stops at once with one line saying what to install, and the summary line CI reads', () => {
    const run = spawnSync(process.execPath, [testScript], {
      env: { ...process.env, SIGNAL_CHAT_CHROMIUM: '/nowhere/chromium' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(run.status, 1);
    const lines = run.stdout.trim().split('\n');
    assert.deepEqual(lines, [
      'SIGNAL_CHAT_CHROMIUM=/nowhere/chromium is not an executable: point it at a Chromium or Chrome binary',
      '0 passed, 1 failed',
    ]);
  });
});
