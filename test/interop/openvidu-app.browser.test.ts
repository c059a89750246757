/// <reference types="mocha" />
// An OpenVidu 2 app, unchanged, on the relay: its app server (only
// openvidu-node-client, given the relay's URL and secret) hands tokens to
// clients that use only the unmodified openvidu-browser bundle; and the same
// tokens work for <signal-chat>. The tutorial itself, two users in two
// browsers, is openvidu-tutorial.test.ts.
import type { SignalChat } from '../../src/element/index.js';
import { cleanup, joined, nextEvent } from '../element/harness.js';
import { connectOpenVidu, control, deepEqual, disconnectOpenVidu, equal, remote, reportOpenViduLogs, roomName, signals, until } from './harness.js';

const SECRET = 'MY_SECRET';

/** A relay run with SECRET and an app server pointed at it (scripts/test-relay.ts `/openvidu-app`). */
async function openViduApp(): Promise<{ app: string; ws: string }> {
  const started = await control(`/openvidu-app?secret=${SECRET}`);
  return { app: String(started['app']), ws: String(started['ws']) };
}

// ---- the tutorial's page code: it knows only its app server --------------------

async function createSession(app: string, sessionId: string): Promise<string> {
  const response = await fetch(`${app}/api/sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customSessionId: sessionId }),
  });
  return (await response.json()) as string;
}

async function createToken(app: string, sessionId: string, properties: Record<string, unknown> = {}): Promise<string> {
  const response = await fetch(`${app}/api/sessions/${sessionId}/connections`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(properties),
  });
  return (await response.json()) as string;
}

async function getToken(app: string, sessionId: string, properties?: Record<string, unknown>): Promise<string> {
  return createToken(app, await createSession(app, sessionId), properties);
}

describe('an OpenVidu app on the relay, with only OPENVIDU_URL and OPENVIDU_SECRET changed', () => {
  afterEach(function () {
    disconnectOpenVidu();
    cleanup();
    reportOpenViduLogs(this.currentTest);
  });

  it("two openvidu-browser clients get tokens with the app server's data, and signal to all and privately", async () => {
    const { app } = await openViduApp();
    const sessionId = roomName('tutorial');
    const ann = await connectOpenVidu(sessionId, { clientData: 'Ann' }, await getToken(app, sessionId));
    const bob = await connectOpenVidu(sessionId, { clientData: 'Bob' }, await getToken(app, sessionId, { data: 'table 7' }));
    await until(() => ann.session.remoteConnections.size === 1, 'Ann sees Bob');
    equal(remote(ann, bob.id).data, '{"clientData":"Bob"}%/%table 7', "Bob's data, then the app server's");
    await ann.session.signal({ type: 'chat', data: 'hello Bob' });
    await until(() => signals(bob, 'hello Bob').length === 1, 'Bob gets the broadcast');
    await bob.session.signal({ type: 'chat', data: 'just Ann', to: [remote(bob, ann.id)] });
    await until(() => signals(ann, 'just Ann').length === 1, 'Ann gets the private one');
    deepEqual(signals(ann, 'just Ann')[0], { name: 'signal', type: 'signal:chat', data: 'just Ann', id: bob.id });
    equal(signals(bob, 'just Ann').length, 0, 'Bob sent it only to Ann');
  });

  it("its tokens connect openvidu-browser and <signal-chat> to one chat; closing the session ends both", async () => {
    const { app, ws } = await openViduApp();
    const sessionId = roomName('tutorial-chat');
    const ann = await connectOpenVidu(sessionId, { clientData: 'Ann' }, await getToken(app, sessionId));
    const token = await createToken(app, sessionId, { role: 'PUBLISHER' });
    const cleo: SignalChat = await joined(`${ws}/rooms/${sessionId}`, 'Cleo', { token });
    await until(() => cleo.participants.length === 2, 'Cleo sees Ann');
    await ann.session.signal({ type: 'chat', data: 'hi Cleo' });
    await until(() => cleo.messages.some((m) => m.text === 'hi Cleo' && m.from?.name === 'Ann'), "Cleo shows Ann's message");
    await cleo.send('hi Ann');
    await until(() => signals(ann, 'hi Ann').length === 1, 'Ann gets Cleo');

    const ended = nextEvent(cleo, 'signal-chat-disconnected' as keyof HTMLElementEventMap);
    const response = await fetch(`${app}/api/sessions/${sessionId}`, { method: 'DELETE' });
    equal(response.status, 204);
    equal(((await ended) as CustomEvent<{ reason: string }>).detail.reason, 'session_closed');
    await until(() => ann.seen.some((e) => e.name === 'sessionDisconnected'), 'Ann is disconnected');
    deepEqual(ann.seen.find((e) => e.name === 'sessionDisconnected')?.reason, 'sessionClosedByServer');
  });

  it('a subscriber token reads the chat but may not write to it', async () => {
    const { app, ws } = await openViduApp();
    const sessionId = roomName('tutorial-roles');
    const token = await getToken(app, sessionId, { role: 'SUBSCRIBER' });
    const quiet = await connectOpenVidu(sessionId, { clientData: 'Quiet' }, token);
    const cleo = await joined(`${ws}/rooms/${sessionId}`, 'Cleo', { token: await createToken(app, sessionId) });
    await cleo.send('welcome');
    await until(() => signals(quiet, 'welcome').length === 1, 'the subscriber reads');
    let refused = '';
    await quiet.session.signal({ type: 'chat', data: 'may I?' }).catch((error: { code?: unknown }) => {
      refused = String(error.code);
    });
    equal(refused, '401', "openvidu-browser rejects with the relay's OpenVidu number for 'not allowed'");
  });
});
