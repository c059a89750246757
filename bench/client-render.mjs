// The element in Chromium (playwright-core driving Debian's /usr/bin/chromium):
// time to render a 10,000-message history, DOM nodes used, then frame rate and
// long tasks while 100 messages/s arrive on top of it; and the same for a thread
// of 100,000 messages (render-page.js, in a page of bench-page.mjs).
import { inBenchPage } from './bench-page.mjs';

export function clientRender(root, { history = 10_000, streamPerSecond = 100, streamSeconds = 5, settleMs = 0, annotated = false } = {}) {
  return inBenchPage(root, 'render-page.js', 'runBench', { history, streamPerSecond, streamSeconds, settleMs, annotated });
}

/** 100,000 messages in one thread: taken in, shown, streamed on, jumped into (render-page.js's runBigThread). */
export function clientBigThread(root, { messages = 100_000, streamPerSecond = 100, streamSeconds = 5, settleMs = 500 } = {}) {
  return inBenchPage(root, 'render-page.js', 'runBigThread', { messages, streamPerSecond, streamSeconds, settleMs });
}
