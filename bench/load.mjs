// The load generator: lightweight WebSocket members of one room, senders that
// stamp each signal with this process's monotonic clock, and receivers that
// read only that stamp (no JSON parse), so the generator stays cheaper than
// the relay it measures.
import WebSocket from 'ws';
import { performance } from 'node:perf_hooks';

const PAD = 'x'.repeat(100);
const STAMP = Buffer.from('"data":"');

/** Latency histogram in 10 µs bins up to 2 s. */
export class Histogram {
  bins = new Uint32Array(200_000);
  count = 0;
  max = 0;
  add(ms) {
    this.count++;
    if (ms > this.max) this.max = ms;
    this.bins[Math.min(this.bins.length - 1, Math.max(0, Math.round(ms * 100)))]++;
  }
  /** Add every sample of `other` to this histogram. */
  merge(other) {
    for (let i = 0; i < this.bins.length; i++) this.bins[i] += other.bins[i];
    this.count += other.count;
    if (other.max > this.max) this.max = other.max;
    return this;
  }
  percentile(p) {
    const target = Math.ceil(this.count * p);
    let seen = 0;
    for (let i = 0; i < this.bins.length; i++) {
      seen += this.bins[i];
      if (seen >= target) return i / 100;
    }
    return this.max;
  }
}

/** A 100-byte signal `data`: the send time, then padding. */
function payload() {
  const stamp = performance.now().toFixed(3);
  return `${stamp}|${PAD.slice(0, 100 - stamp.length - 1)}`;
}

function readStamp(buffer) {
  const at = buffer.indexOf(STAMP);
  if (at < 0) return undefined;
  let end = at + STAMP.length;
  while (end < buffer.length && buffer[end] !== 0x7c /* | */) end++;
  return Number(buffer.toString('latin1', at + STAMP.length, end));
}

/**
 * Open `size` members of `room` on `kind` ('ours' joins first; 'openvidu'
 * joins our relay in OpenVidu's JSON-RPC dialect; 'baseline' just connects).
 * Every member records latency of signals it receives into `stats` while
 * `stats.recording` is true.
 */
export async function openRoom(port, kind, room, size, stats) {
  const members = [];
  const url = kind === 'openvidu' ? `ws://127.0.0.1:${port}/openvidu?sessionId=${room}` : `ws://127.0.0.1:${port}/rooms/${room}`;
  for (let start = 0; start < size; start += 200) {
    const batch = [];
    for (let i = start; i < Math.min(size, start + 200); i++) batch.push(openMember(url, kind, stats));
    members.push(...(await Promise.all(batch)));
  }
  return members;
}

function openMember(url, kind, stats) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true });
    const member = { socket, seq: 0, kind };
    socket.on('error', reject);
    socket.on('message', (data) => {
      if (!stats.recording) return;
      const stamp = readStamp(data);
      if (stamp === undefined) return;
      // Our relay acks the sender with a frame that has no data; only
      // deliveries carry a stamp.
      stats.deliveries++;
      stats.latency.add(performance.now() - stamp);
    });
    socket.on('open', () => {
      if (kind === 'baseline') return resolve(member);
      if (kind === 'openvidu') socket.send(JSON.stringify({ jsonrpc: '2.0', method: 'joinRoom', id: 0, params: { metadata: 'bench', token: 'bench' } }));
      else socket.send(JSON.stringify({ type: 'join', status: { name: 'bench' } }));
      socket.once('message', () => resolve(member));
    });
  });
}

/**
 * Send `rate` signals per second for `seconds`, round-robin over the first
 * `senders` members, in 5 ms slices.
 */
export async function drive(members, senders, rate, seconds) {
  const sliceMs = 5;
  const started = performance.now();
  let sent = 0;
  let next = 0;
  while (performance.now() - started < seconds * 1000) {
    const due = Math.floor(((performance.now() - started) / 1000) * rate);
    for (; sent < due; sent++) {
      const member = members[next];
      next = (next + 1) % senders;
      member.socket.send(signalText(member, payload()));
    }
    await new Promise((resolve) => setTimeout(resolve, sliceMs));
  }
  return sent;
}

/** A broadcast of `data` in the member's dialect. */
function signalText(member, data) {
  const id = member.seq++;
  if (member.kind !== 'openvidu') return `{"type":"signal","id":"${id}","event":"bench","data":"${data}"}`;
  // OpenVidu's sendMessage carries the signal as a JSON string: escaped once more.
  return `{"jsonrpc":"2.0","method":"sendMessage","id":${id + 1},"params":{"message":"{\\"to\\":[],\\"type\\":\\"signal:bench\\",\\"data\\":\\"${data}\\"}"}}`;
}

export async function closeAll(members) {
  await Promise.all(
    members.map(
      (m) =>
        new Promise((resolve) => {
          if (m.socket.readyState === WebSocket.CLOSED) return resolve();
          m.socket.once('close', resolve);
          m.socket.terminate();
        }),
    ),
  );
}
