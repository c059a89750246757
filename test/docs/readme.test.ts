/**
 * The README's tables are part of the API: these tests hold them to the code,
 * so the docs cannot drift from what the product does.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { CLOSE_CODES, ERROR_CODES } from '../../src/protocol/index.js';
import { DEFAULTS } from '../../src/server/index.js';
import type { DisconnectReason } from '../../src/client/index.js';
import type { ConnectionEventReason } from 'openvidu-browser';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

function table(marker: string): string[][] {
  const start = readme.indexOf(`<!-- ${marker}:start -->`);
  const end = readme.indexOf(`<!-- ${marker}:end -->`);
  assert.ok(start >= 0 && end > start, `README has a ${marker} table`);
  return readme
    .slice(start, end)
    .split('\n')
    .filter((line) => line.startsWith('|'))
    .slice(2)
    .map((line) => line.split('|').slice(1, -1).map((cell) => cell.trim().replace(/^`|`$/g, '')));
}

/** Every reason our session ends with, and every one openvidu-browser's does: the types hold these lists whole. */
const OUR_REASONS = Object.keys({ disconnect: 1, network: 1, unauthorized: 1, forbidden: 1, invalid_room: 1, replaced: 1, session_closed: 1 } satisfies Record<DisconnectReason, 1>);
const OPENVIDU_REASONS = Object.keys({
  disconnect: 1, networkDisconnect: 1, forceDisconnectByServer: 1, forceDisconnectByUser: 1, sessionClosedByServer: 1, nodeCrashed: 1,
} satisfies Record<Exclude<ConnectionEventReason, ''>, 1>);

describe('README', () => {
  it('opens with the two commands a newcomer needs', () => {
    const opening = readme.slice(0, 400);
    assert.match(opening, /npm start/);
    assert.match(opening, /npm test/);
  });

  it('lists every error code with its number, and no other', () => {
    const rows = table('error-codes').map(([code, number]) => [code, Number(number)]);
    assert.deepEqual(rows, Object.entries(ERROR_CODES));
  });

  it('lists every close code', () => {
    const documented = table('close-codes').map(([code]) => Number(code));
    assert.deepEqual(documented.sort(), Object.values(CLOSE_CODES).sort());
  });

  it("lists every reason signal-chat-disconnected passes on, ours and openvidu-browser's", () => {
    const row = readme.split('\n').find((line) => line.startsWith('| `signal-chat-disconnected` |')) ?? '';
    for (const reason of [...OUR_REASONS, ...OPENVIDU_REASONS]) assert.ok(row.includes(`\`${reason}\``), `README names '${reason}'`);
  });

  it('says the server closes with a code only when the server has a place that does', () => {
    const server = readdirSync(new URL('../../src/server/', import.meta.url))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(new URL(`../../src/server/${file}`, import.meta.url), 'utf8'))
      .join('\n');
    for (const [code, sentBy] of table('close-codes')) {
      const name = Object.entries(CLOSE_CODES).find(([, value]) => value === Number(code))?.[0];
      // ws itself closes with 1009 when a message passes the server's maxPayload.
      const serverSends = name === 'too_big' ? server.includes('maxPayload') : server.includes(`CLOSE_CODES.${name}`);
      assert.equal(sentBy?.split(', ').includes('server'), serverSends, `close code ${code} (${name})`);
    }
  });

  it('gives the server defaults the code uses', () => {
    const defaults = Object.fromEntries(table('server-options').map(([option, , value]) => [option?.split(' ')[0], value?.replace(/`/g, '')]));
    assert.deepEqual(defaults, {
      '--port': String(DEFAULTS.port),
      '--host': DEFAULTS.host,
      '--history': String(DEFAULTS.historySize),
      '--log': String(DEFAULTS.logSize),
      '--grace': String(DEFAULTS.graceMs),
      '--secret': 'none',
      '--allow-origin': 'any',
      '--max-signal-bytes': String(DEFAULTS.maxSignalBytes),
      '--max-frame-bytes': String(DEFAULTS.maxFrameBytes),
      '--redis': 'none',
      '--redis-cluster': 'none',
      '--empty-room-ttl': String(DEFAULTS.emptyRoomTtlMs),
      '--token-ttl': String(DEFAULTS.restTokenTtlSeconds),
    });
  });
});
