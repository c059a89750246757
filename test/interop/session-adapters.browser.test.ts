/// <reference types="mocha" />
// `<signal-chat>` given a session through `.session` instead of a URL:
//  - a real openvidu-browser 2.32 Session, connected to our relay by the app;
//  - an OpenTok-shaped session (one `to`, callback-style `signal`, `sessionReconnecting`
//    names). OpenTok's own client needs OpenTok's cloud, so the shape is an adapter over
//    our Session, written from OpenTok's documentation; see the README section for what
//    this does not prove.
// Each shares a room with another OpenVidu client and a <signal-chat> on a URL.
import { Session, type Connection } from '../../src/client/index.js';
import type { SignalChat } from '../../src/element/index.js';
import { chat, cleanup, joined, typeAndEnter } from '../element/harness.js';
import { assert, connectOpenVidu, deepEqual, disconnectOpenVidu, equal, nativeUrl, remote, reportOpenViduLogs, roomName, signals, until, type OvClient } from './harness.js';

const names = (el: SignalChat): string[] => el.participants.map((p) => `${p.name}${p.self ? ' (me)' : ''}`).sort();
const texts = (el: SignalChat): string[] => el.messages.map((m) => m.text);
const count = (el: SignalChat, text: string): number => texts(el).filter((t) => t === text).length;
const selfId = (el: SignalChat): string => el.participants.find((p) => p.self)!.id;

type Handler = (event: any) => void;

/** An OpenTok `Connection`: `connectionId`, `creationTime`, `data` (here: the status as JSON). */
interface OtConnection {
  readonly connectionId: string;
  readonly creationTime: number;
  readonly data: string;
}

/** OpenTok's signal error: a numeric `code`, a `name`, a `message`, the `signal` given. */
interface OtError {
  code: number;
  name: string;
  message: string;
  signal: unknown;
}

/**
 * The OpenTok.js Session surface an app (and the element) uses, over our Session:
 * `connect(token, completionHandler)`, `signal({ type, data, to }, completionHandler)`
 * with `to` one Connection, `connections.forEach`, events `sessionConnected`,
 * `connectionCreated`, `connectionDestroyed` (reason `clientDisconnected` /
 * `networkDisconnected`), `signal` and `signal:<type>` (type `signal:<type>`,
 * `from` null for the server), `sessionReconnecting`, `sessionReconnected`,
 * `sessionDisconnected`.
 */
class OpenTokShapedSession {
  private readonly handlers = new Map<string, Set<Handler>>();
  private readonly wrapped = new Map<string, OtConnection>();
  readonly connections = {
    forEach: (fn: (connection: OtConnection) => void): void => this.inner.connections.forEach((c) => fn(this.ot(c))),
  };

  constructor(readonly inner: Session) {
    inner.on('connectionCreated', (e) => this.emit('connectionCreated', { connection: this.ot(e.connection) }));
    inner.on('connectionDestroyed', (e) => {
      const connection = this.ot(e.connection);
      this.wrapped.delete(e.connection.connectionId);
      this.emit('connectionDestroyed', { connection, reason: e.reason === 'network' || e.reason === 'heartbeat' ? 'networkDisconnected' : 'clientDisconnected' });
    });
    inner.on('signal', (e) => {
      const event = { type: e.type ? `signal:${e.type}` : 'signal', data: e.data, from: e.from ? this.ot(e.from) : null };
      this.emit('signal', event);
      if (e.type) this.emit(`signal:${e.type}`, event);
    });
    inner.on('reconnecting', () => this.emit('sessionReconnecting', {}));
    inner.on('reconnected', () => this.emit('sessionReconnected', {}));
    inner.on('sessionDisconnected', (e) => this.emit('sessionDisconnected', { reason: e.reason === 'disconnect' ? 'clientDisconnected' : 'networkDisconnected' }));
  }

  get connection(): OtConnection | undefined {
    return this.inner.connection ? this.ot(this.inner.connection) : undefined;
  }

  private ot(connection: Connection): OtConnection {
    let wrapped = this.wrapped.get(connection.connectionId);
    if (!wrapped) {
      const source = connection;
      wrapped = { connectionId: source.connectionId, creationTime: Date.now(), get data() { return source.data; } };
      this.wrapped.set(connection.connectionId, wrapped);
    }
    return wrapped;
  }

  on(name: string, handler: Handler): this {
    if (!this.handlers.has(name)) this.handlers.set(name, new Set());
    this.handlers.get(name)!.add(handler);
    return this;
  }

  off(name: string, handler: Handler): this {
    this.handlers.get(name)?.delete(handler);
    return this;
  }

  private emit(name: string, event: object): void {
    for (const handler of this.handlers.get(name) ?? []) handler({ ...event, target: this });
  }

  connect(_token: string, completionHandler?: (error?: OtError) => void): void {
    this.inner.connect().then(
      () => {
        this.emit('sessionConnected', {});
        completionHandler?.();
      },
      (e: { code: number; name: string; message: string }) => completionHandler?.({ code: e.code, name: e.name, message: e.message, signal: undefined }),
    );
  }

  /** OpenTok: `to` is one Connection object; anything else is refused, as OpenTok refuses it. */
  signal(signal: { type?: string; data?: string; to?: unknown }, completionHandler?: (error?: OtError) => void): void {
    const to = signal.to;
    if (to !== undefined && (typeof to !== 'object' || to === null || Array.isArray(to) || typeof (to as OtConnection).connectionId !== 'string')) {
      setTimeout(() => completionHandler?.({ code: 400, name: 'OT_INVALID_PARAMETER', message: "'to' must be a Connection", signal }), 0);
      return;
    }
    const options = { ...(signal.type ? { type: signal.type } : {}), ...(signal.data !== undefined ? { data: signal.data } : {}) };
    this.inner.signal(to ? { ...options, to: (to as OtConnection).connectionId } : options).then(
      () => completionHandler?.(),
      (e: { code: number; name: string; message: string }) => completionHandler?.({ code: e.code, name: e.name, message: e.message, signal }),
    );
  }

  disconnect(): void {
    this.inner.disconnect();
  }
}

describe('<signal-chat> given a session through .session', () => {
  afterEach(function () {
    disconnectOpenVidu();
    cleanup();
    reportOpenViduLogs(this.currentTest);
  });

  /** Another OpenVidu client and an element on a URL in a fresh room. */
  async function company(label: string): Promise<{ room: string; walt: OvClient; xena: SignalChat }> {
    const room = roomName(label);
    const walt = await connectOpenVidu(room, { clientData: 'Walt' });
    const xena = await joined(await nativeUrl(room), 'Xena');
    return { room, walt, xena };
  }

  it('renders the participants of a real openvidu-browser Session and chats with the others', async () => {
    const { room, walt, xena } = await company('adapt-ov');
    // The app connects its OpenVidu session as usual, then hands it to the element.
    const vera = await connectOpenVidu(room, { clientData: 'Vera' });
    const el = await chat({});
    // No cast: openvidu-browser's own Session type fits the element's `session` property.
    el.session = vera.session;
    await until(() => el.state === 'connected', 'the element uses the session');
    equal(selfId(el), vera.id);
    deepEqual(names(el), ['Vera (me)', 'Walt', 'Xena']);

    await typeAndEnter(el, 'hello from Vera');
    await until(() => signals(walt, 'hello from Vera').length === 1, 'Walt gets it');
    equal(signals(walt, 'hello from Vera')[0]?.id, vera.id);
    await until(() => texts(xena).includes('hello from Vera'), 'Xena shows it');
    equal(xena.messages.find((m) => m.text === 'hello from Vera')?.from?.name, 'Vera');
    await until(() => signals(vera, 'hello from Vera').length === 1, "OpenVidu echoes Vera's broadcast to her");
    equal(count(el, 'hello from Vera'), 1, 'her own message is shown once, echo or not');

    await walt.session.signal({ type: 'chat', data: 'hi Vera, Walt here' });
    await xena.send('hi Vera, Xena here');
    await until(() => texts(el).includes('hi Vera, Walt here') && texts(el).includes('hi Vera, Xena here'), 'Vera shows both');
    deepEqual(el.messages.filter((m) => m.text.startsWith('hi Vera')).map((m) => m.from?.name), ['Walt', 'Xena']);

    // Private from the element: to one participant, through openvidu-browser's `to: [Connection]`.
    await el.send('psst Walt', { to: walt.id });
    await until(() => signals(walt, 'psst Walt').length === 1, 'Walt gets the private one');
    await el.send('marker');
    await until(() => texts(xena).includes('marker'), 'Xena has the later marker');
    assert(!texts(xena).includes('psst Walt'), 'Xena never saw the private message');
    equal(count(el, 'psst Walt'), 1);

    // Presence through openvidu-browser's connectionCreated / connectionDestroyed.
    const joinedEvent = new Promise<string>((resolve) => el.addEventListener('signal-chat-participant-joined', (e) => resolve(e.detail.participant.name), { once: true }));
    const yuri = await connectOpenVidu(room, 'Yuri');
    equal(await joinedEvent, 'Yuri');
    const leftEvent = new Promise<string>((resolve) => el.addEventListener('signal-chat-participant-left', (e) => resolve(e.detail.participant.name), { once: true }));
    yuri.session.disconnect();
    equal(await leftEvent, 'Yuri');
    deepEqual(names(el), ['Vera (me)', 'Walt', 'Xena']);
    equal(remote(walt, vera.id).data, '{"clientData":"Vera"}');
  });

  it('renders the participants of an OpenTok-shaped session and chats with the others', async () => {
    const { room, walt, xena } = await company('adapt-ot');
    const otto = new OpenTokShapedSession(new Session(await nativeUrl(room), { status: { name: 'Otto' } }));
    await new Promise<void>((resolve, reject) => otto.connect('token', (error) => (error ? reject(new Error(error.message)) : resolve())));
    const el = await chat({});
    el.session = otto;
    await until(() => el.state === 'connected', 'the element uses the session');
    deepEqual(names(el), ['Otto (me)', 'Walt', 'Xena']);

    await typeAndEnter(el, 'hello from Otto');
    await until(() => signals(walt, 'hello from Otto').length === 1, 'Walt gets it');
    await until(() => texts(xena).includes('hello from Otto'), 'Xena shows it');
    equal(count(el, 'hello from Otto'), 1);

    await walt.session.signal({ type: 'chat', data: 'hi Otto, Walt here' });
    await xena.send('psst Otto', { to: otto.connection!.connectionId });
    await until(() => texts(el).includes('hi Otto, Walt here') && texts(el).includes('psst Otto'), 'Otto shows both');
    // OpenTok's (and OpenVidu's) SignalEvent has no `to`: a private message cannot be told from a broadcast here.

    // A private message from the element: OpenTok takes one Connection in `to`, not a list.
    await el.send('psst Walt, from Otto', { to: walt.id });
    await until(() => signals(walt, 'psst Walt, from Otto').length === 1, 'Walt gets the private one');
    await walt.session.signal({ type: 'chat', data: 'sync' });
    await until(() => texts(xena).includes('sync'), 'Xena is caught up');
    assert(!texts(xena).includes('psst Walt, from Otto'), 'Xena never saw it');

    // OpenTok's signal() with one `to` and a completion handler, as an OpenTok app calls it.
    const waltOt = (() => {
      let found: OtConnection | undefined;
      otto.connections.forEach((c) => (c.connectionId === walt.id ? (found = c) : undefined));
      return found!;
    })();
    const sent = await new Promise<OtError | undefined>((resolve) => otto.signal({ type: 'chat', data: 'just Walt', to: waltOt }, resolve));
    deepEqual(sent, undefined);
    await until(() => signals(walt, 'just Walt').length === 1, 'Walt gets it');
    const refused = await new Promise<OtError | undefined>((resolve) => otto.signal({ type: 'chat', data: 'x'.repeat(9000) }, resolve));
    deepEqual([refused?.code, refused?.name], [413, 'data_too_large'], 'errors reach the completion handler with numeric codes');

    // Presence through connectionCreated / connectionDestroyed.
    const leftEvent = new Promise<string>((resolve) => el.addEventListener('signal-chat-participant-left', (e) => resolve(e.detail.participant.name), { once: true }));
    walt.session.disconnect();
    equal(await leftEvent, 'Walt');
    otto.disconnect();
  });
});
