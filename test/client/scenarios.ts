/**
 * The session client's behaviour against a real relay, written once and run
 * both in Node (session.test.ts) and in Chromium (session.browser.test.ts).
 * Each group reads as `describe(group) › it(title)`.
 */
import type { Session, SignalEvent } from '../../src/client/index.js';
import { deepEqual, equal, increasing, notEqual, ok, rejectsWith } from '../support/assert.js';
import { captureReportedErrors, next, record } from './support/events.js';
import { until } from '../support/wait.js';
import type { Scenario, TestKit } from './support/kit.js';

type Connected = Awaited<ReturnType<TestKit['open']>>;

/** Sessions that all know each other, so targeted signals can name them. */
async function openAll(t: TestKit, room: string, names: string[]): Promise<Connected[]> {
  const sessions: Connected[] = [];
  for (const name of names) sessions.push(await t.open(room, { status: { name } }));
  await until(() => sessions.every((s) => s.connections.size === names.length - 1), 'every session knows the others');
  return sessions;
}

const ids = (events: ReadonlyArray<SignalEvent>): Array<string[] | undefined> => events.map((e) => e.to?.map((c) => c.connectionId));
const data = (events: ReadonlyArray<SignalEvent>): string[] => events.map((e) => e.data);
const id = (session: Session): string => (session.connection as NonNullable<Session['connection']>).connectionId;

export const scenarios: Record<string, Scenario[]> = {
  'Session connect()': [
    {
      title: 'resolves once joined, with session.connection set before any event fires',
      async run(t) {
        const room = t.room();
        const ann = await t.open(room, { status: { name: 'Ann' } });
        const bo = t.session(room, { status: { name: 'Bo' } });
        const connectionAtEvent: Array<string | undefined> = [];
        bo.on('sessionConnected', () => connectionAtEvent.push(bo.connection?.connectionId));
        bo.on('connectionCreated', () => connectionAtEvent.push(bo.connection?.connectionId));
        await bo.connect();
        equal(bo.state, 'connected', 'state');
        ok(bo.connection, 'session.connection');
        deepEqual(connectionAtEvent, [id(bo), id(bo)], 'session.connection when sessionConnected and connectionCreated fired');
        const seen = bo.connections.get(id(ann));
        ok(seen, 'the earlier participant is in session.connections');
        deepEqual(seen.status, { name: 'Ann' }, 'its status');
        equal(seen.data, '{"name":"Ann"}', 'its data, the status as JSON');
        equal(bo.connections.has(id(bo)), false, 'session.connections holds the others only');
        deepEqual(bo.connection.status, { name: 'Bo' }, 'own status');
      },
    },
    {
      title: 'accepts an http:// URL and connects over ws://',
      async run(t) {
        const room = t.room();
        const session = t.session(room, {}, `${t.env.http}/rooms/${room}`);
        ok(session.url.startsWith('ws://'), `session.url ${session.url} is ws://`);
        await session.connect();
        equal(session.state, 'connected', 'state');
      },
    },
    {
      title: 'rejects with invalid_room when the server refuses the room name',
      async run(t) {
        const session = t.session('bad!room', { reconnect: false });
        const error = await rejectsWith(session.connect(), 'invalid_room', 'connect()');
        equal(error.code, 400, 'code');
        equal(session.state, 'disconnected', 'state');
      },
    },
    {
      title: 'rejects with cancelled when disconnect() comes first',
      async run(t) {
        const session = t.session(t.room());
        const connecting = session.connect();
        session.disconnect();
        await rejectsWith(connecting, 'cancelled', 'connect()');
        equal(session.state, 'disconnected', 'state');
      },
    },
  ],

  'Session presence': [
    {
      title: 'raises connectionCreated, connectionStatusChanged and connectionDestroyed for the others',
      async run(t) {
        const room = t.room();
        const ann = await t.open(room, { status: { name: 'Ann' } });
        const created = next(ann, 'connectionCreated');
        const bo = await t.open(room, { status: { name: 'Bo' } });
        const { connection } = await created;
        equal(connection.connectionId, id(bo), 'created connection id');
        deepEqual(connection.status, { name: 'Bo' }, 'created connection status');

        const changed = next(ann, 'connectionStatusChanged');
        await bo.setStatus({ name: 'Bo', away: true });
        const change = await changed;
        equal(change.connection, connection, 'the same Connection object');
        deepEqual(change.status, { name: 'Bo', away: true }, 'new status');
        deepEqual(change.previousStatus, { name: 'Bo' }, 'previous status');
        equal(connection.data, '{"name":"Bo","away":true}', 'data follows the status');
        deepEqual(bo.connection.status, { name: 'Bo', away: true }, 'own connection has the new status');

        const destroyed = next(ann, 'connectionDestroyed');
        const boDisconnected = next(bo, 'sessionDisconnected');
        bo.disconnect();
        equal((await boDisconnected).reason, 'disconnect', "the leaver's own sessionDisconnected reason");
        const gone = await destroyed;
        equal(gone.connection, connection, 'destroyed connection');
        equal(gone.reason, 'disconnect', 'reason');
        equal(ann.connections.size, 0, 'nobody left in session.connections');
      },
    },
  ],

  'Session signal()': [
    {
      title: 'delivers a broadcast to every other session and to its sender, all with one seq',
      async run(t) {
        const [ann, bo, cy] = await openAll(t, t.room(), ['Ann', 'Bo', 'Cy']) as [Connected, Connected, Connected];
        const got = { ann: record(ann, 'signal'), bo: record(bo, 'signal'), cy: record(cy, 'signal') };
        const result = await ann.signal({ type: 'chat', data: 'hello' });
        equal(typeof result.seq, 'number', 'resolved seq');
        await until(() => got.bo.length === 1 && got.cy.length === 1, 'Bo and Cy got the signal');
        for (const [who, events] of [['Bo', got.bo], ['Cy', got.cy]] as const) {
          const event = events[0] as SignalEvent;
          equal(event.type, 'chat', `${who}: type`);
          equal(event.data, 'hello', `${who}: data`);
          equal(event.from?.connectionId, id(ann), `${who}: from`);
          equal(event.to, undefined, `${who}: to (a broadcast has none)`);
          equal(event.seq, result.seq, `${who}: seq`);
          equal(event.time, result.time, `${who}: time`);
          equal(event.history, false, `${who}: history`);
        }
        equal(got.ann.length, 1, "the sender's own signal event");
        equal(got.ann[0]?.from, ann.connection, 'own event: from is session.connection');
        equal(got.ann[0]?.seq, result.seq, 'own event: seq');
      },
    },
    {
      title: 'raises signal:<type> for that type only, and signal for every type',
      async run(t) {
        const [ann, bo] = await openAll(t, t.room(), ['Ann', 'Bo']) as [Connected, Connected];
        const chat = record(bo, 'signal:chat');
        const other = record(bo, 'signal:other');
        const all = record(bo, 'signal');
        await ann.signal({ type: 'chat', data: '1' });
        await ann.signal({ type: 'other', data: '2' });
        await ann.signal({ data: '3' });
        await until(() => all.length === 3, 'Bo got three signals');
        deepEqual(data(chat), ['1'], 'signal:chat');
        deepEqual(other.map((e) => [e.type, e.data]), [['other', '2']], 'signal:other');
        deepEqual(all.map((e) => e.type), ['chat', 'other', ''], 'signal (an untyped one has type "")');
      },
    },
    {
      title: 'never lets a private signal reach a session it was not sent to',
      async run(t) {
        const [ann, bo, cy] = await openAll(t, t.room(), ['Ann', 'Bo', 'Cy']) as [Connected, Connected, Connected];
        const got = { ann: record(ann, 'signal'), bo: record(bo, 'signal'), cy: record(cy, 'signal') };
        await ann.signal({ type: 'dm', data: 'secret', to: bo.connection });
        await ann.signal({ type: 'dm', data: 'note to self', to: [ann.connection, id(bo)] });
        // Signals reach each session in seq order: once the marker is in, anything before it would be too.
        await ann.signal({ type: 'chat', data: 'marker' });
        await until(() => got.cy.length === 1 && got.bo.length === 3, 'the marker reached Cy and Bo');
        deepEqual(data(got.cy), ['marker'], 'Cy got only the broadcast');
        deepEqual(data(got.bo), ['secret', 'note to self', 'marker'], 'Bo got both private signals');
        deepEqual(ids(got.bo), [[id(bo)], [id(ann), id(bo)], undefined], "Bo's events carry `to` for private ones");
        deepEqual(data(got.ann), ['note to self', 'marker'], 'the sender sees a private signal only when it is among the recipients');
      },
    },
    {
      title: 'sends object data as its JSON text',
      async run(t) {
        const [ann, bo] = await openAll(t, t.room(), ['Ann', 'Bo']) as [Connected, Connected];
        const got = next(bo, 'signal:json');
        await ann.signal({ type: 'json', data: { text: 'hi', n: 1 } });
        equal((await got).data, '{"text":"hi","n":1}', 'data');
      },
    },
  ],

  'Session limits and errors': [
    {
      title: 'refuses a type that breaks the type rule with invalid_type, without sending it',
      async run(t) {
        const [ann, bo] = await openAll(t, t.room(), ['Ann', 'Bo']) as [Connected, Connected];
        const got = record(bo, 'signal');
        for (const type of ['has space', 'x'.repeat(129), 'ümlaut', 'a/b', 'signal:chat']) {
          const options = { type, data: 'x' };
          const error = await rejectsWith(ann.signal(options), 'invalid_type', `type ${JSON.stringify(type)}`);
          equal(error.code, 400, 'code');
          equal(error.signal, options, 'error.signal is the options given');
        }
        // Checked before sending: a session that is not connected says invalid_type, not not_connected.
        await rejectsWith(t.session(t.room()).signal({ type: 'no way' }), 'invalid_type', 'unconnected session');
        await ann.signal({ type: 'x'.repeat(128), data: 'longest type' });
        await until(() => got.length === 1, 'the valid signal arrived');
        deepEqual(data(got), ['longest type'], 'only the valid signal was delivered');
      },
    },
    {
      title: 'refuses data over 8 KiB with data_too_large and lets exactly 8 KiB through',
      async run(t) {
        const [ann, bo] = await openAll(t, t.room(), ['Ann', 'Bo']) as [Connected, Connected];
        const error = await rejectsWith(ann.signal({ data: 'x'.repeat(8193) }), 'data_too_large', '8193 ASCII bytes');
        equal(error.code, 413, 'code');
        await rejectsWith(ann.signal({ data: 'é'.repeat(4097) }), 'data_too_large', '4097 two-byte characters');
        await rejectsWith(ann.signal({ data: { text: 'x'.repeat(8190) } }), 'data_too_large', 'an object whose JSON is too long');
        const exact = 'é'.repeat(4096);
        const got = next(bo, 'signal:big');
        await ann.signal({ type: 'big', data: exact });
        equal((await got).data, exact, '8192 bytes arrive intact');
      },
    },
    {
      title: 'rejects a signal naming an unknown peer with unknown_peer and delivers it to nobody',
      async run(t) {
        const [ann, bo] = await openAll(t, t.room(), ['Ann', 'Bo']) as [Connected, Connected];
        const got = record(bo, 'signal');
        const error = await rejectsWith(ann.signal({ data: 'a', to: 'nobody' }), 'unknown_peer', 'to an unknown id');
        equal(error.code, 404, 'code');
        await rejectsWith(ann.signal({ data: 'b', to: [bo.connection, 'nobody'] }), 'unknown_peer', 'to a known and an unknown peer');
        await ann.signal({ data: 'c', to: bo.connection });
        await until(() => got.length === 1, 'the valid signal arrived');
        deepEqual(data(got), ['c'], 'nothing of the refused signals was delivered, and the connection stayed up');
      },
    },
    {
      title: 'refuses recipients that are neither Connections nor ids with invalid_message',
      async run(t) {
        const ann = await t.open(t.room());
        const error = await rejectsWith(ann.signal({ data: 'x', to: [42 as unknown as string] }), 'invalid_message', 'a number');
        equal(error.code, 400, 'code');
        await rejectsWith(ann.signal({ data: 'x', to: 'x'.repeat(65) }), 'invalid_message', 'an id longer than any');
        await rejectsWith(ann.signal({ data: 'x', to: Array.from({ length: 257 }, (_, i) => `p${i}`) }), 'invalid_message', '257 recipients');
      },
    },
    {
      title: 'rejects with not_connected before connect() and after disconnect()',
      async run(t) {
        const session = t.session(t.room());
        const error = await rejectsWith(session.signal({ data: 'x' }), 'not_connected', 'before connect()');
        equal(error.code, 503, 'code');
        await session.connect();
        await session.signal({ data: 'fine' });
        session.disconnect();
        await rejectsWith(session.signal({ data: 'x' }), 'not_connected', 'after disconnect()');
      },
    },
    {
      title: 'refuses a status over 1 KiB with data_too_large',
      async run(t) {
        const ann = await t.open(t.room(), { status: { name: 'Ann' } });
        await rejectsWith(ann.setStatus({ name: 'x'.repeat(1100) }), 'data_too_large', 'setStatus()');
        deepEqual(ann.connection.status, { name: 'Ann' }, 'the status is unchanged');
        await rejectsWith(t.session(t.room(), { status: { bio: 'x'.repeat(1100) } }).connect(), 'data_too_large', 'connect() with a large status');
      },
    },
  ],

  'Session history and REST': [
    {
      title: 'gives a late joiner the earlier broadcasts, in order and marked as history, but no private signal',
      async run(t) {
        const room = t.room();
        const [ann, bo] = await openAll(t, room, ['Ann', 'Bo']) as [Connected, Connected];
        const sent = [await ann.signal({ type: 'chat', data: 'one' }), await ann.signal({ type: 'chat', data: 'two' })];
        await ann.signal({ type: 'chat', data: 'private', to: bo.connection });
        sent.push(await bo.signal({ type: 'chat', data: 'three' }));
        const cy = t.session(room);
        const got = record(cy, 'signal:chat');
        await cy.connect();
        await until(() => got.length === 3, 'Cy got the history');
        deepEqual(data(got), ['one', 'two', 'three'], 'history');
        deepEqual(got.map((e) => e.seq), sent.map((r) => r.seq), 'seqs');
        ok(got.every((e) => e.history), 'every one is marked history');
        equal(got[0]?.from?.connectionId, id(ann), 'from of a history signal');
      },
    },
    {
      title: 'names the sender of each history signal as it was when it sent, though it has left (event.name); live signals carry no name',
      async run(t) {
        const room = t.room();
        const [ann, bo] = await openAll(t, room, ['Ann', 'Bo']) as [Connected, Connected];
        const live = record(bo, 'signal:chat');
        await ann.signal({ type: 'chat', data: 'as Ann' });
        await ann.setStatus({ name: 'Annie' });
        await ann.signal({ type: 'chat', data: 'as Annie' });
        await until(() => live.length === 2, 'Bo got both live');
        deepEqual(live.map((e) => e.name), [undefined, undefined], 'no name on live signals');
        const annLeft = next(bo, 'connectionDestroyed');
        ann.disconnect();
        await annLeft;
        const cy = t.session(room);
        const got = record(cy, 'signal:chat');
        await cy.connect();
        await until(() => got.length === 2, 'Cy got the history');
        deepEqual(got.map((e) => e.name), ['Ann', 'Annie'], 'the name at send time');
        deepEqual(got.map((e) => e.verified), [undefined, undefined], 'open mode: a claimed name, not verified');
        deepEqual(got.map((e) => e.from?.status), [{}, {}], 'the sender left: its connection is a stand-in');
      },
    },
    {
      title: 'raises a signal sent with POST /api/signal with from === null',
      async run(t) {
        const room = t.room();
        const [ann, bo] = await openAll(t, room, ['Ann', 'Bo']) as [Connected, Connected];
        const got = { ann: record(ann, 'signal:news'), bo: record(bo, 'signal:news') };
        equal(await t.env.restSignal({ session: room, type: 'news', data: 'to you', to: [id(bo)] }), 200, 'targeted REST status');
        equal(await t.env.restSignal({ session: room, type: 'news', data: { headline: 'all' } }), 200, 'broadcast REST status');
        await until(() => got.ann.length === 1 && got.bo.length === 2, 'the REST signals arrived');
        equal(got.ann[0]?.from, null, 'from of a server-sent signal');
        equal(got.ann[0]?.data, '{"headline":"all"}', 'object data arrives as JSON text');
        deepEqual(data(got.bo), ['to you', '{"headline":"all"}'], "Bo's REST signals");
        deepEqual(ids(got.bo), [[id(bo)], undefined], 'the targeted one carries to');
        ok(got.bo.every((e) => e.from === null && e.type === 'news'), 'all from null, of type news');
      },
    },
  ],

  'Session listeners': [
    {
      title: 'a listener that throws keeps neither the later listeners nor signal:<type> from the signal, and its error is reported',
      async run(t) {
        const reported = captureReportedErrors();
        try {
          const [ann, bo] = (await openAll(t, t.room(), ['Ann', 'Bo'])) as [Connected, Connected];
          const fault = new Error('a page script bug');
          bo.on('signal', () => {
            throw fault;
          });
          const all = record(bo, 'signal');
          const chat = record(bo, 'signal:chat');
          await ann.signal({ type: 'chat', data: 'one' });
          await ann.signal({ type: 'chat', data: 'two' });
          await until(() => chat.length === 2, 'Bo got both on signal:chat');
          deepEqual(data(all), ['one', 'two'], 'the listener after the faulty one');
          deepEqual(data(chat), ['one', 'two'], 'signal:chat');
          deepEqual(reported.errors, [fault, fault], 'the error, reported once per throw');
          equal(bo.state, 'connected', 'the session is still connected');
        } finally {
          reported.restore();
        }
      },
    },
    {
      title: 'a sessionConnected listener that throws leaves connect() resolved and the others announced',
      async run(t) {
        const reported = captureReportedErrors();
        try {
          const room = t.room();
          const ann = await t.open(room, { status: { name: 'Ann' } });
          const bo = t.session(room, { status: { name: 'Bo' } });
          bo.on('sessionConnected', () => {
            throw new Error('a page script bug');
          });
          const created = record(bo, 'connectionCreated', (e) => e.connection.connectionId);
          await bo.connect();
          await until(() => created.length === 1, 'Bo was told of Ann');
          deepEqual(created, [id(ann)], 'connectionCreated for Ann');
          equal(reported.errors.length, 1, 'the error was reported');
        } finally {
          reported.restore();
        }
      },
    },
    {
      title: 'off() removes a listener added with on() or once(), and once() runs once',
      async run(t) {
        const [ann, bo] = (await openAll(t, t.room(), ['Ann', 'Bo'])) as [Connected, Connected];
        const removed: string[] = [];
        const removedOnce: string[] = [];
        const onceOnly: string[] = [];
        const onRemoved = (e: SignalEvent): void => void removed.push(e.data);
        const onceRemoved = (e: SignalEvent): void => void removedOnce.push(e.data);
        bo.on('signal', onRemoved);
        bo.once('signal', onceRemoved);
        bo.once('signal', (e) => void onceOnly.push(e.data));
        bo.off('signal', onRemoved);
        bo.off('signal', onceRemoved);
        const all = record(bo, 'signal');
        await ann.signal({ type: 'chat', data: 'one' });
        await ann.signal({ type: 'chat', data: 'two' });
        await until(() => all.length === 2, 'Bo got both');
        deepEqual(removed, [], 'the listener removed after on()');
        deepEqual(removedOnce, [], 'the listener removed after once()');
        deepEqual(onceOnly, ['one'], 'the once() listener, for the first signal only');
      },
    },
  ],
  'Session reconnection': [
    {
      title: 'resumes with the same connection after the server cuts its socket, and delivers missed and queued signals exactly once, in order',
      async run(t) {
        const room = t.room();
        // Ann stays away 2 s: long enough for Bo's three round trips and her two queued
        // signals below, even on a loaded machine (400 ms was not always).
        const ann = await t.open(room, { status: { name: 'Ann' }, reconnect: { initialDelayMs: 2000, maxDelayMs: 2000, jitter: 0 } });
        const bo = await t.open(room, { status: { name: 'Bo' } });
        await until(() => ann.connections.has(id(bo)) && bo.connections.has(id(ann)), 'they know each other');
        const annId = id(ann);
        // Ann notes the state she is in when each signal arrives: replayed ones come before `reconnected`.
        const annGot = record(ann, 'signal', (e) => ({ ...e, state: ann.state }));
        const boGot = record(bo, 'signal');
        const boSawLeave = record(bo, 'connectionDestroyed');
        const boSawJoin = record(bo, 'connectionCreated');

        const before = [await bo.signal({ type: 'chat', data: 'b1' }), await ann.signal({ type: 'chat', data: 'a1' })];
        // Each sees its own broadcast too.
        await until(() => annGot.length === 2 && boGot.length === 2, 'the first exchange arrived');

        const reconnecting = next(ann, 'reconnecting');
        const back = next(ann, 'reconnected', 10_000);
        ok(await t.env.dropPeer(room, annId), 'the server found the socket to cut');
        await reconnecting;
        equal(ann.state, 'reconnecting', "Ann's state");

        // While Ann is away: Bo goes on talking (broadcast and private), Ann queues two signals.
        const missed = [
          await bo.signal({ type: 'chat', data: 'b2' }),
          await bo.signal({ type: 'chat', data: 'b3', to: annId }),
          await bo.signal({ type: 'chat', data: 'b4' }),
        ];
        const queued = [ann.signal({ type: 'chat', data: 'a2' }), ann.signal({ type: 'chat', data: 'a3', to: bo.connection })];

        const reconnected = await back;
        equal(reconnected.resumed, true, 'reconnected.resumed');
        equal(id(ann), annId, 'the same connection id');
        const acked = await Promise.all(queued);
        const boFromAnn = (): SignalEvent[] => boGot.filter((e) => e.from?.connectionId === annId);
        await until(() => boFromAnn().length === 3, 'Bo got the queued signals');

        const fromBo = annGot.filter((e) => e.from?.connectionId === id(bo));
        deepEqual(data(fromBo), ['b1', 'b2', 'b3', 'b4'], "Bo's signals at Ann: each once, in order");
        deepEqual(fromBo.slice(1).map((e) => e.seq), missed.map((r) => r.seq), 'the missed ones keep their seq');
        increasing(fromBo.map((e) => e.seq), "seqs of Bo's signals at Ann");
        ok(fromBo.slice(1).every((e) => e.state === 'reconnecting'), 'the missed ones were replayed before reconnected');
        deepEqual(ids(fromBo), [undefined, undefined, [annId], undefined], 'the private one is still private');

        const atBo = boFromAnn();
        deepEqual(data(atBo), ['a1', 'a2', 'a3'], "Ann's signals at Bo: each once, in order");
        deepEqual(atBo.map((e) => e.seq), [before[1]?.seq, ...acked.map((r) => r.seq)], "seqs of Ann's signals at Bo");
        increasing(atBo.map((e) => e.seq), "seqs of Ann's signals at Bo");
        ok((acked[0]?.seq ?? 0) > (missed[2]?.seq ?? Infinity), 'the queued signals come after the missed ones');
        equal(boSawLeave.length + boSawJoin.length, 0, 'Bo saw nobody leave or join');
      },
    },
    {
      title: 'queues signals while reconnecting, rejects them with not_connected when retryAfterReconnect is false, and with cancelled on disconnect()',
      async run(t) {
        const room = t.room();
        // Away for 5 s (the kit's reconnect caps delays at 400 ms otherwise): still reconnecting
        // when the signals below are sent, however slow the machine.
        const ann = await t.open(room, { reconnect: { initialDelayMs: 5000, maxDelayMs: 5000 } });
        const reconnecting = next(ann, 'reconnecting');
        ok(await t.env.dropPeer(room, id(ann)), 'dropped');
        await reconnecting;
        const refused = await rejectsWith(ann.signal({ data: 'now or never', retryAfterReconnect: false }), 'not_connected', 'retryAfterReconnect: false');
        equal(refused.code, 503, 'code');
        const queued = ann.signal({ data: 'later' });
        const disconnected = next(ann, 'sessionDisconnected');
        ann.disconnect();
        await rejectsWith(queued, 'cancelled', 'a queued signal on disconnect()');
        equal((await disconnected).reason, 'disconnect', 'sessionDisconnected reason');
      },
    },
    {
      title: 'carries a status set while reconnecting into the resumed connection',
      async run(t) {
        const room = t.room();
        const [ann, bo] = await openAll(t, room, ['Ann', 'Bo']) as [Connected, Connected];
        const reconnecting = next(ann, 'reconnecting');
        ok(await t.env.dropPeer(room, id(ann)), 'dropped');
        await reconnecting;
        const changed = next(bo, 'connectionStatusChanged');
        await ann.setStatus({ name: 'Ann', away: true });
        const reconnected = await next(ann, 'reconnected');
        equal(reconnected.resumed, true, 'resumed');
        const change = await changed;
        equal(change.connection.connectionId, id(ann), 'whose status changed');
        deepEqual(change.status, { name: 'Ann', away: true }, 'the new status reached Bo');
      },
    },
    {
      // Last: it restarts the relay under every other test's feet.
      title: 'joins afresh after a server restart and says so with reconnected { resumed: false, restarted: true }',
      async run(t) {
        const room = t.room();
        const [ann, bo] = await openAll(t, room, ['Ann', 'Bo']) as [Connected, Connected];
        const oldAnn = id(ann);
        const oldBo = id(bo);
        const heard = next(bo, 'signal:chat');
        await ann.signal({ type: 'chat', data: 'before the restart' });
        await heard;
        const annLeft = record(ann, 'connectionDestroyed');
        const reconnected = [next(ann, 'reconnected', 8000), next(bo, 'reconnected', 8000)];
        await t.env.restart();
        const [annBack, boBack] = await Promise.all(reconnected);
        equal(annBack?.resumed, false, "Ann's reconnected.resumed");
        equal(boBack?.resumed, false, "Bo's reconnected.resumed");
        equal(annBack?.restarted, true, 'the room was numbered anew: its history is gone');
        equal(boBack?.restarted, true, 'for Bo too');
        notEqual(id(ann), oldAnn, "Ann's new connection id");
        notEqual(id(bo), oldBo, "Bo's new connection id");
        await until(() => ann.connections.has(id(bo)) && bo.connections.has(id(ann)), 'they know each other again');
        ok(annLeft.some((e) => e.connection.connectionId === oldBo), "Ann saw Bo's old connection go");
        equal(ann.connections.has(oldBo), false, "Bo's old connection is gone from Ann's list");
        const got = next(bo, 'signal:chat');
        await ann.signal({ type: 'chat', data: 'still here' });
        equal((await got).from?.connectionId, id(ann), 'signals flow on the new connections');
      },
    },
  ],
};
