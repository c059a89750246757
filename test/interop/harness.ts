/**
 * Interop tests: unmodified openvidu-browser 2.32 (its shipped browser
 * bundle, loaded with a <script> as an app would) against the test relay.
 * Only its types are imported; the code under test is the bundle itself.
 */
import type { Connection as OvConnection, OpenVidu, Session as OvSession } from 'openvidu-browser';
import { openViduToken } from '../support/openvidu.js';
import { relayUrls } from '../support/relay-urls.js';
export { control } from '../support/relay-urls.js';
export { assert, deepEqual, equal } from '../support/assert.js';
export { roomName } from '../support/rooms.js';
export { until } from '../support/wait.js';

export type { OvConnection, OvSession };

/** The bundle as npm ships it; the version is pinned in package.json. */
export const OPENVIDU_BUNDLE = '/node_modules/openvidu-browser/static/js/openvidu-browser-2.32.2.js';

let loading: Promise<new () => OpenVidu> | undefined;

const LEVELS = ['log', 'info', 'debug', 'warn', 'error'] as const;

/**
 * What openvidu-browser wrote to the console in the current test, one line per
 * call (`error: OpenViduError GENERIC_ERROR: …`). It logs what it meets: a dropped
 * socket, a refused request, and, when two clients disconnect at the same moment
 * (as every test's cleanup does), "Remote connection … unknown when
 * 'onParticipantLeft'", because one forgets the room before its own leave
 * reached the relay. A test that causes a log may assert on it here; the lines
 * reach the test output only when the test failed (`reportOpenViduLogs`).
 */
export const openViduLogs: string[] = [];

function describeArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error || (typeof value === 'object' && value !== null && 'message' in value)) {
    const { name, message } = value as { name?: unknown; message?: unknown };
    return `${String(value.constructor?.name ?? 'Error')} ${String(name)}: ${String(message)}`;
  }
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * openvidu-browser's logger keeps the console functions it finds when its
 * bundle runs; these stand-ins, in place only while it loads, are the ones it
 * keeps. The page's own console is left as it was.
 */
function captureOpenViduConsole(): () => void {
  const page = console as unknown as Record<(typeof LEVELS)[number], (...args: unknown[]) => void>;
  const originals = LEVELS.map((level) => page[level]);
  for (const level of LEVELS) page[level] = (...args) => void openViduLogs.push(`${level}: ${args.map(describeArgument).join(' ')}`);
  return () => LEVELS.forEach((level, i) => (page[level] = originals[i]!));
}

/**
 * The page's own `console.error` calls until `restore()`, kept instead of printed:
 * for the few places where openvidu-browser calls the console directly rather
 * than through its logger (a reconnection the server refused).
 */
export function holdConsoleErrors(): { lines: string[]; restore(): void } {
  const original = console.error;
  const lines: string[] = [];
  console.error = (...args: unknown[]) => void lines.push(args.map(describeArgument).join(' '));
  return { lines, restore: () => void (console.error = original) };
}

/** For `afterEach`: prints what openvidu-browser logged if `test` failed, then forgets it. */
export function reportOpenViduLogs(test: Mocha.Test | undefined): void {
  if (test?.state === 'failed' && openViduLogs.length > 0) {
    console.error(`openvidu-browser logged during '${test.title}':\n  ${openViduLogs.join('\n  ')}`);
  }
  openViduLogs.length = 0;
}

/** Adds the bundle's <script> once; resolves with the `OpenVidu` class it defines globally. */
export function loadOpenVidu(): Promise<new () => OpenVidu> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = OPENVIDU_BUNDLE;
    const restoreConsole = captureOpenViduConsole();
    script.onload = () => {
      restoreConsole();
      const OpenViduClass = (globalThis as unknown as { OpenVidu?: new () => OpenVidu }).OpenVidu;
      if (OpenViduClass) resolve(OpenViduClass);
      else reject(new Error('the openvidu-browser bundle defined no global OpenVidu'));
    };
    script.onerror = () => {
      restoreConsole();
      reject(new Error(`could not load ${OPENVIDU_BUNDLE}`));
    };
    document.head.append(script);
  });
  return loading;
}

/** Our dialect's URL for the same room. */
export async function nativeUrl(room: string): Promise<string> {
  const { ws } = await relayUrls();
  return `${ws}/rooms/${room}`;
}

/** One event an OpenVidu session raised, as the app saw it. */
export interface Seen {
  name: string;
  /** `signal:<type>` for a signal (openvidu-browser's SignalEvent.type). */
  type?: string;
  data?: string;
  /** connectionId of `from` (signals) or of `connection` (connection events). */
  id?: string | undefined;
  reason?: string;
}

/** An OpenVidu client as an app holds it, with a log of every event it raised. */
export interface OvClient {
  session: OvSession;
  seen: Seen[];
  /** The connection id the relay gave it. */
  id: string;
}

const clients: OvClient[] = [];

/** Disconnects every OpenVidu client the tests connected (for `afterEach`). */
export function disconnectOpenVidu(): void {
  for (const client of clients.splice(0)) {
    if (client.session.connection && !client.session.connection.disposed) client.session.disconnect();
  }
}

const EVENTS = ['connectionCreated', 'connectionDestroyed', 'signal', 'signal:chat', 'reconnecting', 'reconnected', 'sessionDisconnected', 'exception'] as const;

/** `new OpenVidu().initSession()`, listen as apps do, then `session.connect(token, metadata)`. */
export async function connectOpenVidu(room: string, metadata: unknown, token?: string): Promise<OvClient> {
  const OpenViduClass = await loadOpenVidu();
  const OV = new OpenViduClass();
  OV.enableProdMode();
  const session = OV.initSession();
  const seen: Seen[] = [];
  for (const name of EVENTS) {
    session.on(name, (event: any) => {
      const entry: Seen = { name };
      if (name === 'signal' || name === 'signal:chat') {
        entry.type = event.type;
        entry.data = event.data;
        entry.id = event.from?.connectionId;
      } else if (event?.connection) {
        entry.id = event.connection.connectionId;
      }
      if (typeof event?.reason === 'string') entry.reason = event.reason;
      seen.push(entry);
    });
  }
  await session.connect(token ?? openViduToken(await relayUrls(), room), metadata as string);
  const client = { session, seen, id: session.connection.connectionId };
  clients.push(client);
  return client;
}

/** The remote connection with this id, as openvidu-browser knows it. */
export function remote(client: OvClient, id: string): OvConnection {
  const connection = client.session.remoteConnections.get(id);
  if (!connection) throw new Error(`${client.id} knows no connection ${id}; it knows ${JSON.stringify([...client.session.remoteConnections.keys()])}`);
  return connection;
}

/** Signals this client received with this data. */
export const signals = (client: OvClient, data: string): Seen[] => client.seen.filter((e) => e.name === 'signal' && e.data === data);

/**
 * Holds back what openvidu-browser sends on its reconnection sockets (URL with
 * `reconnect=true`) until the returned function is called: the socket opens,
 * but its `connect` request waits, so the relay keeps the participant detached
 * as long as the test needs; a slow network, made deterministic. The page's
 * WebSocket is wrapped, the bundle is not touched.
 */
export function holdReconnections(): () => void {
  const Real = globalThis.WebSocket;
  const held: Array<() => void> = [];
  let holding = true;
  class HeldWebSocket extends Real {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      if (!String(url).includes('reconnect=true')) return;
      const send = this.send.bind(this);
      this.send = (data) => {
        if (holding) held.push(() => send(data));
        else send(data);
      };
    }
  }
  globalThis.WebSocket = HeldWebSocket;
  return () => {
    holding = false;
    globalThis.WebSocket = Real;
    for (const release of held.splice(0)) release();
  };
}



