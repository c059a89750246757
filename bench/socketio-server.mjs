// What users would pick instead of our Redis hub: a socket.io server with
// @socket.io/redis-adapter on SIGNAL_CHAT_BENCH_REDIS, forked by
// bench/redis-cases.mjs, one per "relay". A member emits `join` (room name)
// and then `signal` (text); each signal is a room broadcast to the others
// (`socket.to(room).emit`), which the adapter carries to the other servers
// through Redis pub/sub. Answers IPC 'stats' as bench/server-process.mjs does.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';

const url = process.env.SIGNAL_CHAT_BENCH_REDIS;
const pub = new Redis(url);
const sub = pub.duplicate();
const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, adapter: createAdapter(pub, sub) });
io.on('connection', (socket) => {
  let room;
  socket.on('join', (name, answer) => {
    room = name;
    socket.join(name);
    answer?.('joined');
  });
  socket.on('signal', (text) => {
    if (room !== undefined) socket.to(room).emit('from', text);
  });
});
await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));

process.on('message', (message) => {
  if (message === 'stats') {
    const cpu = process.cpuUsage();
    process.send({ cpu: cpu.user + cpu.system, user: cpu.user, system: cpu.system, rss: process.memoryUsage().rss });
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ port: http.address().port });
