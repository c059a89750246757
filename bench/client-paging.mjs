// Older history in Chromium: the built relay in this process with a room of 5,000
// messages (published through the hub by a member, past the socket's rate limit), and
// the element (the built classic script) paging back through them on scrolling up.
// Reports the time for all of it and each page's round trip and render.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket } from 'ws';
import { inBenchPage } from './bench-page.mjs';

const ROOM = 'bench-paging';

/** Joins `url` as a member over a raw socket; resolves with its peer id and the socket. */
function joinAs(url, name) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('error', reject);
    socket.once('open', () => socket.send(JSON.stringify({ type: 'join', status: { name } })));
    socket.once('message', (data) => resolve({ id: JSON.parse(String(data)).id, socket }));
  });
}

export async function clientPaging(root, { messages = 5000, historySize = 100 } = {}) {
  const { createRelayServer } = await import(pathToFileURL(join(root, 'dist', 'server', 'index.js')).href);
  const relay = createRelayServer({ port: 0, host: '127.0.0.1', historySize, rateLimit: false });
  const { port } = await relay.listen();
  const url = `ws://127.0.0.1:${port}/rooms/${ROOM}`;
  const ann = await joinAs(url, 'Ann');
  for (let i = 0; i < messages; i++) {
    const result = await relay.hub.publish(ROOM, ann.id, { id: `m${i}`, event: 'chat', data: `message ${i}` });
    if (!result.ok) throw new Error(`publishing message ${i}: ${result.message}`);
  }
  try {
    return await inBenchPage(root, 'paging-page.js', 'runPaging', { url, expected: messages, joinHistory: historySize });
  } finally {
    ann.socket.close();
    await relay.close();
  }
}
