/// <reference types="mocha" />
/**
 * The client's timeouts in Chromium, with the browser's own WebSocket, against
 * the test relay's mute endpoint (scripts/test-relay.ts): a server that takes
 * the socket and then answers nothing, or only the join.
 */
import { Session, SignalError } from '../../src/client/index.js';
import { relayUrls } from '../support/relay-urls.js';
import { equal, ok } from '../support/assert.js';

async function muteUrl(query = ''): Promise<string> {
  const { control } = await relayUrls();
  if (!control) throw new Error('the test relay offers no control endpoint (scripts/test-relay.ts)');
  return `${control.replace(/^http/, 'ws')}/mute${query}`;
}

describe('Session timeouts in the browser', () => {
  let session: Session | undefined;
  afterEach(() => {
    session?.disconnect();
    session = undefined;
  });

  it('rejects connect() with timeout (408) when the server never answers the join, and ends disconnected', async () => {
    session = new Session(await muteUrl(), { timeoutMs: 300, reconnect: false });
    const error = await session.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    ok(error instanceof SignalError, `a SignalError, got ${String(error)}`);
    equal(error.name, 'timeout', 'name');
    equal(error.code, 408, 'code');
    equal(session.state, 'disconnected', 'state');
  });

  it('rejects a signal with timeout when no ack comes, and stays connected', async () => {
    // The timeout bounds the join too: 2 s, which a loaded machine answers in (300 ms it may not).
    session = new Session(await muteUrl('?answer=join'), { timeoutMs: 2000, reconnect: false });
    await session.connect();
    const options = { type: 'chat', data: 'anyone?' };
    const error = await session.signal(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    ok(error instanceof SignalError, `a SignalError, got ${String(error)}`);
    equal(error.name, 'timeout', 'name');
    equal(error.signal, options, 'the signal it was for');
    equal(session.state, 'connected', 'still connected');
  });
});
