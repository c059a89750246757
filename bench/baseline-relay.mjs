// The baseline for the relay benchmark: the least a WebSocket relay can do.
// It parses nothing and forwards each message's bytes to every other socket on
// the same path, with writes corked per tick so a burst leaves in few syscalls.
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';

export function startBaselineRelay() {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false, maxPayload: 64 * 1024 });
  /** @type {Map<string, Set<import('ws').WebSocket>>} */
  const rooms = new Map();
  const corked = new Set();
  const uncork = () => {
    for (const raw of corked) raw.uncork();
    corked.clear();
  };
  wss.on('connection', (socket, req) => {
    const path = req.url ?? '/';
    let room = rooms.get(path);
    if (!room) rooms.set(path, (room = new Set()));
    room.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => room.delete(socket));
    socket.on('message', (data, isBinary) => {
      for (const other of room) {
        if (other === socket) continue;
        const raw = other._socket;
        if (!corked.has(raw)) {
          if (corked.size === 0) process.nextTick(uncork);
          raw.cork();
          corked.add(raw);
        }
        other.send(data, { binary: isBinary });
      }
    });
  });
  return new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve({ port: http.address().port })));
}
