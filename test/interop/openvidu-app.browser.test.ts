/// <reference types="mocha" />
// An OpenVidu 2 app, unchanged, on the relay: its app server (only
// openvidu-node-client, given the relay's URL and secret) hands tokens to
// pages that use only the unmodified openvidu-browser bundle, as OpenVidu's
// basic tutorial does (two users in two pages: tutorial-page.html); and the
// same tokens work for <signal-chat>.
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

// ---- two users, two pages: each its own browsing context, as two tabs --------

const pages: HTMLIFrameElement[] = [];

/** The tutorial's page (tutorial-page.html: openvidu-browser and its app server, nothing else), opened in a frame of its own. */
async function openTutorialPage(app: string): Promise<Document> {
  const frame = document.createElement('iframe');
  frame.src = `/test/interop/tutorial-page.html?app=${encodeURIComponent(app)}`;
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
  document.body.append(frame);
  pages.push(frame);
  await loaded;
  return frame.contentDocument as Document;
}

function fill(page: Document, id: string, value: string): void {
  (page.getElementById(id) as HTMLInputElement).value = value;
}

function submit(page: Document, formId: string): void {
  (page.getElementById(formId) as HTMLFormElement).requestSubmit();
}

/** The lines a user sees in one of the page's lists. */
const lines = (page: Document, listId: string): string[] => Array.from(page.querySelectorAll(`#${listId} li`), (item) => item.textContent ?? '');

async function joinAs(page: Document, sessionId: string, userName: string): Promise<void> {
  fill(page, 'sessionId', sessionId);
  fill(page, 'userName', userName);
  submit(page, 'join');
  await until(() => page.getElementById('state')?.textContent === 'connected', `${userName}'s page says connected`);
}

function say(page: Document, text: string): void {
  fill(page, 'message', text);
  submit(page, 'chat');
}

function closePages(): void {
  for (const frame of pages.splice(0)) {
    (frame.contentDocument?.getElementById('leave') as HTMLButtonElement | null)?.click();
    frame.remove();
  }
}

describe('an OpenVidu app on the relay, with only OPENVIDU_URL and OPENVIDU_SECRET changed', () => {
  afterEach(function () {
    closePages();
    disconnectOpenVidu();
    cleanup();
    reportOpenViduLogs(this.currentTest);
  });

  it('the basic tutorial: two users, each in a page of their own, get tokens from the app server and chat', async () => {
    const { app } = await openViduApp();
    const sessionId = roomName('tutorial-pages');
    const [annPage, bobPage] = await Promise.all([openTutorialPage(app), openTutorialPage(app)]);
    await joinAs(annPage, sessionId, 'Ann');
    await joinAs(bobPage, sessionId, 'Bob');
    await until(() => lines(annPage, 'participants').includes('Bob'), "Ann's page lists Bob");
    deepEqual(lines(bobPage, 'participants'), ['Ann'], "Bob's page lists Ann, who was there first");
    say(annPage, 'hello Bob');
    await until(() => lines(bobPage, 'messages').includes('Ann: hello Bob'), "Bob's page shows Ann's message");
    say(bobPage, 'hi Ann');
    await until(() => lines(annPage, 'messages').length === 2, "Ann's page shows both messages");
    // OpenVidu delivers a broadcast to its sender too: each page shows its own message as well.
    deepEqual(lines(annPage, 'messages'), ['Ann: hello Bob', 'Bob: hi Ann']);
    await until(() => lines(bobPage, 'messages').length === 2, "Bob's page shows both messages");
    deepEqual(lines(bobPage, 'messages'), ['Ann: hello Bob', 'Bob: hi Ann']);
  });

  it('two openvidu-browser clients of one page get tokens from the app server with its data, and signal privately', async () => {
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
