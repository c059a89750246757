/// <reference types="mocha" />
// Join storms (issue 15): the element's session asks the relay for batched presence, so
// peers joining together arrive as one `presence` frame, and the element takes the whole
// batch in one render instead of one render per person.
import { $$, cleanup, equal, assert, joined, roomUrl, until } from './harness.js';

/** Opens `count` raw sockets to the room, then sends all their joins at once (as a webinar start does). */
async function crowd(url: string, count: number): Promise<WebSocket[]> {
  const sockets = await Promise.all(
    Array.from({ length: count }, () => new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.onopen = () => resolve(socket);
      socket.onerror = () => reject(new Error('socket failed'));
    })),
  );
  sockets.forEach((socket, i) => socket.send(JSON.stringify({ type: 'join', status: { name: `Guest ${i + 1}` } })));
  return sockets;
}

describe('<signal-chat> join storm', () => {
  afterEach(cleanup);

  it('lists everyone who joins together after a render or two, not one render per person', async () => {
    const url = await roomUrl('storm');
    const ann = await joined(url, 'Ann');
    let renders = 0;
    const host = ann as unknown as { updated(changed: Map<PropertyKey, unknown>): void };
    const updated = host.updated;
    host.updated = function (this: typeof host, changed: Map<PropertyKey, unknown>) {
      renders++;
      updated.call(this, changed);
    };
    const sockets = await crowd(url, 30);
    try {
      await until(() => ann.participants.length === 31, 'Ann lists all 30 guests');
      await ann.updateComplete;
      equal($$(ann, '[part=participant]').length, 31, 'all of them shown');
      // One batch (the first guest may come alone, as the first change after a quiet spell
      // does); a render may be followed by one that measures the new rows. One render per
      // guest would be 30.
      assert(renders <= 6, `rendered ${renders} times for 30 joins`);
    } finally {
      for (const socket of sockets) socket.close();
    }
  });
});
