// Typing indicators: how many signals a typist sends, measured by running the element's
// own sending rules (TypingSender in src/element/typing.ts, from the build) for 1,000
// simulated typists on a virtual clock. Each types in bursts at 3–8 keys/s, pauses
// between bursts for 0.3–12 s (some pauses outlast the 5 s idle stop), and sends a
// message after about one burst in three (a send ends the typing without a signal).
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A small deterministic random source (mulberry32), so runs compare. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function typingRate(root, { typists = 1000, seconds = 300 } = {}) {
  const { TypingSender, idleAt, RESEND_MS, IDLE_MS, TTL_MS } = await import(pathToFileURL(join(root, 'dist', 'element', 'typing.js')).href);
  const rand = random(14);
  const end = seconds * 1000;
  let keys = 0;
  let typingSignals = 0;
  let stoppedSignals = 0;
  let busiestPerTypist = 0;
  for (let i = 0; i < typists; i++) {
    const sender = new TypingSender();
    let sent = 0;
    let now = rand() * 5000;
    while (now < end) {
      const burstEnd = now + 1000 + rand() * 15_000;
      const gap = 1000 / (3 + rand() * 5);
      for (; now < burstEnd && now < end; now += gap * (0.5 + rand())) {
        // The element's idle timer: no key for IDLE_MS, and a "stopped" goes out.
        if (sender.active && now >= idleAt(sender) && sender.stop()) (stoppedSignals += 1), (sent += 1);
        keys += 1;
        if (sender.pressed(now)) (typingSignals += 1), (sent += 1);
      }
      if (rand() < 1 / 3) sender.stop(); // sent: the message itself ends the indicator
      now += 300 + rand() * 12_000;
    }
    if (sender.active && sender.stop()) (stoppedSignals += 1), (sent += 1);
    busiestPerTypist = Math.max(busiestPerTypist, sent / seconds);
  }
  const total = typingSignals + stoppedSignals;
  return {
    typists,
    seconds,
    constants: { RESEND_MS, IDLE_MS, TTL_MS },
    keysPerSecondPerTypist: keys / typists / seconds,
    signalsPerSecondPerTypist: total / typists / seconds,
    typingPerSecondPerTypist: typingSignals / typists / seconds,
    stoppedPerSecondPerTypist: stoppedSignals / typists / seconds,
    busiestTypistPerSecond: busiestPerTypist,
    roomSignalsPerSecond: total / seconds,
    roomKeysPerSecond: keys / seconds,
  };
}
