/// <reference types="mocha" />
// Unmodified openvidu-browser 2.32 clients and <signal-chat> elements in one room
// of the real relay: presence, broadcast and private signals both ways, leaving,
// a dropped socket, the OpenVidu REST path. The bundle is the one npm ships.
import type { SignalChat } from '../../src/element/index.js';
import { Session } from '../../src/client/index.js';
import { cleanup, joined } from '../element/harness.js';
import { assert, connectOpenVidu, control, deepEqual, disconnectOpenVidu, equal, holdConsoleErrors, holdReconnections, nativeUrl, openViduLogs, remote, reportOpenViduLogs, roomName, signals, until, type OvClient } from './harness.js';

const selfId = (el: SignalChat): string => {
  const self = el.participants.find((p) => p.self);
  if (!self) throw new Error('the element has no own participant');
  return self.id;
};
const names = (el: SignalChat): string[] => el.participants.map((p) => p.name).sort();
const texts = (el: SignalChat): string[] => el.messages.map((m) => m.text);
const clientData = (client: OvClient, id: string): unknown => JSON.parse(remote(client, id).data)['clientData'];

interface Room {
  name: string;
  ann: OvClient;
  bob: OvClient;
  cleo: SignalChat;
  dan: SignalChat;
}

/** Two elements join first, then two OpenVidu clients; everyone has seen everyone. */
async function room(label: string): Promise<Room> {
  const name = roomName(label);
  const url = await nativeUrl(name);
  const cleo = await joined(url, 'Cleo');
  const dan = await joined(url, 'Dan');
  const ann = await connectOpenVidu(name, { clientData: 'Ann' });
  const bob = await connectOpenVidu(name, { clientData: 'Bob' });
  for (const el of [cleo, dan]) await until(() => el.participants.length === 4, `${el.name} sees 4 participants`);
  await until(() => ann.session.remoteConnections.size === 3, 'Ann sees 3 others');
  return { name, ann, bob, cleo, dan };
}

describe('openvidu-browser 2.32 and <signal-chat> in one room', () => {
  afterEach(function () {
    disconnectOpenVidu();
    cleanup();
    reportOpenViduLogs(this.currentTest);
  });

  it('sees each other as participants, with names, both ways', async () => {
    const { ann, bob, cleo, dan } = await room('ov-presence');
    // The elements joined first: Ann got them in joinRoom's answer, Bob too, and Bob arrived after Ann.
    deepEqual(clientData(ann, selfId(cleo)), 'Cleo');
    deepEqual(clientData(ann, selfId(dan)), 'Dan');
    deepEqual(clientData(ann, bob.id), 'Bob', "Bob's metadata string reaches Ann unchanged");
    equal(remote(ann, bob.id).data, '{"clientData":"Bob"}');
    deepEqual(clientData(bob, ann.id), 'Ann');
    const created = ann.seen.filter((e) => e.name === 'connectionCreated').map((e) => e.id);
    deepEqual(created.sort(), [ann.id, bob.id, selfId(cleo), selfId(dan)].sort(), 'connectionCreated for itself and each other');
    deepEqual(names(cleo), ['Ann', 'Bob', 'Cleo', 'Dan']);
    deepEqual(names(dan), ['Ann', 'Bob', 'Cleo', 'Dan']);
  });

  it('carries broadcasts both ways; an OpenVidu sender gets its own', async () => {
    const { ann, bob, cleo, dan } = await room('ov-broadcast');
    await ann.session.signal({ type: 'chat', data: 'hello from Ann' });
    for (const el of [cleo, dan]) await until(() => texts(el).includes('hello from Ann'), `${el.name} shows Ann's message`);
    const shown = cleo.messages.find((m) => m.text === 'hello from Ann');
    deepEqual([shown?.from?.name, shown?.private, shown?.channel], ['Ann', false, 'chat']);
    await until(() => signals(bob, 'hello from Ann').length === 1, 'Bob gets it');
    await until(() => signals(ann, 'hello from Ann').length === 1, 'Ann gets her own broadcast (OpenVidu does this)');
    deepEqual(signals(bob, 'hello from Ann')[0], { name: 'signal', type: 'signal:chat', data: 'hello from Ann', id: ann.id });

    await cleo.send('hello from Cleo');
    for (const client of [ann, bob]) {
      await until(() => signals(client, 'hello from Cleo').length === 1, 'the OpenVidu clients get Cleo');
      deepEqual(signals(client, 'hello from Cleo')[0], { name: 'signal', type: 'signal:chat', data: 'hello from Cleo', id: selfId(cleo) });
    }
    await until(() => texts(dan).includes('hello from Cleo'), 'Dan gets Cleo');
    deepEqual(
      bob.seen.filter((e) => e.name === 'signal:chat').map((e) => e.data),
      ['hello from Ann', 'hello from Cleo'],
      "the typed event (session.on('signal:chat')) too",
    );
  });

  it('carries private signals both ways; a third party never sees them', async () => {
    const { ann, bob, cleo, dan } = await room('ov-private');
    // OpenVidu → element: `to` holds Connection objects, as openvidu-browser requires.
    await ann.session.signal({ type: 'chat', data: 'psst Cleo', to: [remote(ann, selfId(cleo))] });
    await until(() => texts(cleo).includes('psst Cleo'), 'Cleo shows it');
    const got = cleo.messages.find((m) => m.text === 'psst Cleo');
    deepEqual([got?.from?.name, got?.private], ['Ann', true]);
    // element → OpenVidu
    await cleo.send('psst Ann', { to: ann.id });
    await until(() => signals(ann, 'psst Ann').length === 1, 'Ann gets it');
    equal(signals(ann, 'psst Ann')[0]?.id, selfId(cleo));
    // A broadcast from each sender after its private one: once a third party has it,
    // the private one (sent earlier on the same path) would have arrived before it.
    await ann.session.signal({ type: 'chat', data: 'marker from Ann' });
    await cleo.send('marker from Cleo');
    await until(() => signals(bob, 'marker from Ann').length === 1 && signals(bob, 'marker from Cleo').length === 1, 'Bob has both markers');
    await until(() => texts(dan).includes('marker from Ann') && texts(dan).includes('marker from Cleo'), 'Dan has both markers');
    equal(signals(bob, 'psst Cleo').length + signals(bob, 'psst Ann').length, 0, 'Bob never saw a private message');
    assert(!texts(dan).includes('psst Cleo') && !texts(dan).includes('psst Ann'), 'Dan never saw a private message');
    equal(signals(ann, 'psst Cleo').length, 0, 'a private signal that does not name its sender is not echoed');
  });

  it('raises connectionDestroyed when an element leaves, and the element sees an OpenVidu client leave', async () => {
    const { ann, bob, cleo, dan } = await room('ov-leave');
    const danId = selfId(dan);
    dan.disconnect();
    await until(() => ann.seen.some((e) => e.name === 'connectionDestroyed' && e.id === danId), 'Ann sees Dan go');
    equal(ann.seen.find((e) => e.name === 'connectionDestroyed')?.reason, 'disconnect');
    assert(!ann.session.remoteConnections.has(danId), 'Dan is gone from remoteConnections');
    // The element takes presence in batches, so it may hear of Dan a moment after Ann.
    await until(() => !names(cleo).includes('Dan'), 'Cleo sees Dan go');
    const left = new Promise<string>((resolve) => cleo.addEventListener('signal-chat-participant-left', (e) => resolve(e.detail.participant.name), { once: true }));
    bob.session.disconnect();
    equal(await left, 'Bob');
    await until(() => ann.seen.some((e) => e.name === 'connectionDestroyed' && e.id === bob.id), 'Ann sees Bob go');
    deepEqual(names(cleo), ['Ann', 'Cleo']);
  });

  it('survives a dropped socket: reconnecting, reconnected, the same connection, nothing lost or doubled', async () => {
    const { name, ann, bob, cleo, dan } = await room('ov-drop');
    const leftEvents: string[] = [];
    cleo.addEventListener('signal-chat-participant-left', (e) => leftEvents.push(e.detail.participant.name));
    const away = ['while Ann was away', 'private, while Ann was away', 'Bob, while Ann was away'];
    // Ann's `connect` waits until release(): everything below is sent while the relay has no socket for her.
    const release = holdReconnections();
    try {
      deepEqual(await control(`/drop?room=${name}&id=${ann.id}`), { dropped: true });
      await until(() => ann.seen.some((e) => e.name === 'reconnecting'), 'Ann is reconnecting');
      await cleo.send(away[0]!);
      await cleo.send(away[1]!, { to: ann.id });
      await bob.session.signal({ type: 'chat', data: away[2]! });
      await until(() => texts(dan).includes(away[2]!), 'the relay has passed on the last of them');
      for (const data of away) equal(signals(ann, data).length, 0, `'${data}' has not reached Ann yet`);
    } finally {
      release();
    }
    await until(() => ann.seen.some((e) => e.name === 'reconnected'), 'Ann reconnected', 8000);
    const order = ann.seen.filter((e) => e.name === 'reconnecting' || e.name === 'reconnected').map((e) => e.name);
    deepEqual(order, ['reconnecting', 'reconnected']);
    for (const data of away) await until(() => signals(ann, data).length > 0, `Ann got '${data}'`);
    deepEqual(
      ann.seen.filter((e) => e.name === 'signal' && away.includes(e.data ?? '')).map((e) => [e.data, e.id]),
      [[away[0], selfId(cleo)], [away[1], selfId(cleo)], [away[2], bob.id]],
      'in order, from the right senders',
    );
    equal(ann.session.connection.connectionId, ann.id, 'the same connection');
    // Still connected both ways on the new socket.
    await ann.session.signal({ type: 'chat', data: 'Ann is back' });
    await until(() => texts(dan).includes('Ann is back'), 'Dan gets Ann again');
    await cleo.send('welcome back', { to: ann.id });
    await until(() => signals(ann, 'welcome back').length === 1, 'Ann gets a private one again');
    for (const data of away) equal(signals(ann, data).length, 1, `'${data}' once`);
    deepEqual(leftEvents, [], 'the elements never saw Ann leave');
    assert(!ann.seen.some((e) => e.name === 'sessionDisconnected'), 'no sessionDisconnected');
  });

  it('ends with sessionDisconnected(networkDisconnect) when it comes back after the grace period', async () => {
    const { name, ann, cleo } = await room('ov-late');
    const release = holdReconnections();
    try {
      const left = new Promise<string>((resolve) => cleo.addEventListener('signal-chat-participant-left', (e) => resolve(e.detail.participant.name), { once: true }));
      deepEqual(await control(`/drop?room=${name}&id=${ann.id}`), { dropped: true });
      equal(await left, 'Ann', 'the relay gave up on Ann after its grace period');
    } finally {
      release();
    }
    // Her held `connect` now reaches the relay, which answers 40007 "reconnection error";
    // openvidu-browser logs that, partly straight to the page's console.
    const consoleErrors = holdConsoleErrors();
    try {
      await until(() => ann.seen.some((e) => e.name === 'sessionDisconnected'), 'Ann is told', 5000);
    } finally {
      consoleErrors.restore();
    }
    equal(ann.seen.find((e) => e.name === 'sessionDisconnected')?.reason, 'networkDisconnect');
    assert(openViduLogs.some((line) => line.includes('reconnection error')), "openvidu-browser logs the relay's 40007 answer");
    assert(consoleErrors.lines.some((line) => line.includes('Invalid RPC sessionId')), 'and says the session is gone');
    assert(!ann.seen.some((e) => e.name === 'reconnected'), 'no reconnected');
  });

  it('takes signals from the OpenVidu REST path, with or without the signal: prefix', async () => {
    const { name, ann, cleo } = await room('ov-rest');
    const answer = await control('/rest/openvidu-signal', { session: name, type: 'signal:chat', data: 'from the app server' });
    deepEqual(answer['status'], 200);
    await until(() => signals(ann, 'from the app server').length === 1, 'Ann gets it');
    deepEqual(signals(ann, 'from the app server')[0], { name: 'signal', type: 'signal:chat', data: 'from the app server' });
    await until(() => texts(cleo).includes('from the app server'), 'Cleo shows it');
    deepEqual(cleo.messages.find((m) => m.text === 'from the app server')?.from, null, 'as a message from the server');
    const targeted = await control('/rest/openvidu-signal', { session: name, to: [ann.id], type: 'chat', data: 'only Ann' });
    deepEqual(targeted['status'], 200);
    await until(() => signals(ann, 'only Ann').length === 1, 'Ann gets the targeted one');
    deepEqual((await control('/rest/openvidu-signal', { session: name, to: ['nobody'], data: 'x' }))['status'], 406);
  });

  it('works with our Session client too: targeted signals carry `to`, OpenVidu ids are plain connection ids', async () => {
    const name = roomName('ov-session');
    const ann = await connectOpenVidu(name, 'Ann');
    const dora = new Session(await nativeUrl(name), { status: { name: 'Dora' } });
    const got: Array<{ data: string; from: string | undefined; to: string[] | undefined }> = [];
    dora.on('signal:chat', (e) => got.push({ data: e.data, from: e.from?.connectionId, to: e.to?.map((c) => c.connectionId) }));
    await dora.connect();
    try {
      const doraId = dora.connection!.connectionId;
      deepEqual(dora.connections.get(ann.id)?.status, { name: 'Ann', metadata: 'Ann' }, 'a plain-string metadata is the name');
      await until(() => ann.session.remoteConnections.has(doraId), 'Ann sees Dora');
      await ann.session.signal({ type: 'chat', data: 'for Dora', to: [remote(ann, doraId)] });
      await until(() => got.some((g) => g.data === 'for Dora'), 'Dora gets it');
      deepEqual(got.find((g) => g.data === 'for Dora'), { data: 'for Dora', from: ann.id, to: [doraId] });
      await dora.signal({ type: 'chat', data: 'for Ann', to: [ann.id] });
      await until(() => signals(ann, 'for Ann').length === 1, 'Ann gets it');
      // OpenVidu's rule, kept: one unknown recipient and nothing is delivered.
      let code: unknown;
      await dora.signal({ type: 'chat', data: 'never', to: [ann.id, 'nobody'] }).catch((e: { code: unknown }) => (code = e.code));
      deepEqual(code, 404);
      let ovError: unknown;
      await ann.session.signal({ type: 'chat', data: 'never either', to: [{ connectionId: 'nobody' } as never] }).catch((e: unknown) => (ovError = e));
      assert(ovError, "openvidu-browser's signal() rejects when a recipient is unknown");
      assert(openViduLogs.some((line) => line.includes("no peer 'nobody' in this room")), "and logs the relay's reason");
      await dora.signal({ type: 'chat', data: 'marker' });
      await until(() => signals(ann, 'marker').length === 1, 'Ann has the marker');
      equal(signals(ann, 'never').length, 0);
      assert(!got.some((g) => g.data === 'never either'), 'Dora got nothing from the refused signal');
    } finally {
      dora.disconnect();
      ann.session.disconnect();
    }
  });
});
