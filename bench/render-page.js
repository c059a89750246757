// Runs in Chromium (bench/client-render.mjs): the element fed by a
// session-shaped object (the `.session` property), so the figures are the
// element's own rendering cost, not the network's.
class BenchSession {
  handlers = new Map();
  connection = { connectionId: 'me', data: '{"clientData":"Reader"}' };
  on(type, handler) {
    if (!this.handlers.has(type)) this.handlers.set(type, new Set());
    this.handlers.get(type).add(handler);
  }
  off(type, handler) {
    this.handlers.get(type)?.delete(handler);
  }
  emit(type, event) {
    for (const handler of this.handlers.get(type) ?? []) handler(event);
  }
  signal() {
    return Promise.resolve();
  }
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const others = Array.from({ length: 5 }, (_, i) => ({ connectionId: `p${i}`, data: JSON.stringify({ clientData: `Person ${i}` }) }));
const text = (i) => `message ${i}: the quick brown fox jumps over the lazy dog${i % 7 === 0 ? '\nand a second line' : ''}`;

/**
 * `perSecond` live messages of type `type` for `seconds`, numbered on from `offset`:
 * the frame rate meanwhile and the long tasks (over 50 ms) seen.
 */
async function streamOn(session, type, offset, perSecond, seconds) {
  const longTasks = [];
  const observer = new PerformanceObserver((list) => longTasks.push(...list.getEntries().map((e) => e.duration)));
  observer.observe({ type: 'longtask', buffered: false });
  let frames = 0;
  let counting = true;
  const countFrames = () => {
    if (!counting) return;
    frames++;
    requestAnimationFrame(countFrames);
  };
  requestAnimationFrame(countFrames);
  let sent = 0;
  const streamStart = performance.now();
  const timer = setInterval(() => {
    const due = Math.floor(((performance.now() - streamStart) / 1000) * perSecond);
    for (; sent < due; sent++) session.emit('signal', { type, data: text(offset + sent), from: others[sent % others.length], time: Date.now() });
  }, 10);
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  clearInterval(timer);
  counting = false;
  const elapsed = (performance.now() - streamStart) / 1000;
  await frame();
  observer.disconnect();
  return { streamed: sent, fps: frames / elapsed, longTasks: longTasks.length, maxLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0 };
}

/**
 * The message id every receiver derives (src/protocol/message-id.ts): this page runs
 * the built bundle only, so the id rule is written out here; ASCII texts only.
 */
const messageId = (from, data) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data.charCodeAt(i), 0x01000193);
  return `${from}.${(h >>> 0).toString(36)}`;
};

/**
 * With `annotated`, the convention signal that follows message `i` of every ten: a
 * reaction from someone else, a reply's meta naming the message before, or an edit.
 */
function annotation(i) {
  if (i % 10 !== 0) return undefined;
  const from = others[i % others.length];
  const id = messageId(from.connectionId, text(i));
  const kind = (i / 10) % 3;
  if (kind === 0) return { type: 'chat~react', data: JSON.stringify({ id, keys: ['👍'] }), from: others[(i + 1) % others.length] };
  if (kind === 1 && i > 0) {
    const before = messageId(others[(i - 1) % others.length].connectionId, text(i - 1));
    return { type: 'chat~meta', data: JSON.stringify({ id, replyTo: { id: before, excerpt: text(i - 1).slice(0, 60), name: `Person ${(i - 1) % others.length}` } }), from };
  }
  return { type: 'chat~edit', data: JSON.stringify({ id, text: `${text(i)} (fixed)` }), from };
}

window.runBench = async function runBench({ history, streamPerSecond, streamSeconds, settleMs, annotated = false }) {
  const el = document.createElement('signal-chat');
  el.style.cssText = 'display:block;width:420px;height:640px';
  document.body.append(el);
  const session = new BenchSession();
  el.session = session;
  await el.updateComplete;
  await frame();
  // Optionally let the page settle first (script compilation and other start-up work
  // Chromium does right after load competes for the 2 cores), as it has by the time a
  // real history arrives over the network.
  if (settleMs) {
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await frame();
  }

  // Built before the clock starts: the figure is the element's cost, not this page's.
  const extras = Array.from({ length: history }, (_, i) => annotated && annotation(i));
  const start = performance.now();
  for (let i = 0; i < history; i++) {
    session.emit('signal', { type: 'chat', data: text(i), from: others[i % others.length], history: true, time: 1_700_000_000_000 + i * 1000 });
    const extra = extras[i];
    if (extra) session.emit('signal', { ...extra, history: true, time: 1_700_000_000_000 + i * 1000 });
  }
  await el.updateComplete;
  const log = el.shadowRoot.querySelector('[role=log]');
  // Rendered = the DOM updated and laid out (reading a layout value forces it). The
  // wait for the next animation frame is reported apart: it adds 0–16.7 ms of idle
  // time that depends on where the vsync falls, not on the element.
  void log.scrollHeight;
  const renderMs = performance.now() - start;
  await frame();
  const renderToFrameMs = performance.now() - start;
  const logNodes = log.querySelectorAll('*').length;
  const allNodes = el.shadowRoot.querySelectorAll('*').length;

  const stream = await streamOn(session, 'chat', history, streamPerSecond, streamSeconds);
  return {
    renderMs,
    renderToFrameMs,
    logNodes,
    allNodes,
    messages: el.messages.length,
    edited: el.messages.filter((m) => m.edited).length,
    replies: el.messages.filter((m) => m.replyTo).length,
    ...stream,
    logNodesAfterStream: log.querySelectorAll('*').length,
  };
};

// 100,000 messages in one thread: taken in while another thread is shown, then that
// thread shown (the render measured), then 100 messages/s on top of it, and a jump to
// its middle (the window found far from either end).
window.runBigThread = async function runBigThread({ messages, streamPerSecond, streamSeconds, settleMs }) {
  const el = document.createElement('signal-chat');
  el.style.cssText = 'display:block;width:420px;height:640px';
  el.setAttribute('channels', 'chat big');
  document.body.append(el);
  const session = new BenchSession();
  el.session = session;
  await el.updateComplete;
  await frame();
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  await frame();
  let fired = 0;
  el.addEventListener('signal-chat-message', () => fired++);

  const start = performance.now();
  for (let i = 0; i < messages; i++) {
    session.emit('signal', { type: 'big', data: text(i), from: others[i % others.length], history: true, time: 1_700_000_000_000 + i * 1000 });
  }
  await el.updateComplete;
  const takenInMs = performance.now() - start;
  // The page has dealt with all of it (its message events fired) before the thread is shown.
  while (fired < messages) await new Promise((resolve) => setTimeout(resolve, 20));
  await frame();

  const log = el.shadowRoot.querySelector('[role=log]');
  const shown = performance.now();
  el.channel = 'big';
  await el.updateComplete;
  void log.scrollHeight;
  const renderMs = performance.now() - shown;
  await frame();
  const renderToFrameMs = performance.now() - shown;
  const logNodes = log.querySelectorAll('*').length;

  const stream = await streamOn(session, 'big', messages, streamPerSecond, streamSeconds);

  // Far from both ends: the reader drags the scrollbar to the middle.
  // Timed from the scroll event (a capturing listener runs before the element's), until
  // the update the element's listener asked for (done before a later listener runs) is
  // laid out.
  let scrolledAt = 0;
  log.addEventListener('scroll', () => (scrolledAt = performance.now()), { once: true, capture: true });
  const handled = new Promise((resolve) => log.addEventListener('scroll', resolve, { once: true }));
  log.scrollTop = log.scrollHeight / 2;
  await handled;
  while (!(await el.updateComplete));
  void log.scrollHeight;
  const middleMs = performance.now() - scrolledAt;
  const middleNodes = log.querySelectorAll('*').length;
  el.remove();
  return { takenInMs, renderMs, renderToFrameMs, logNodes, middleMs, middleNodes, messages: messages + stream.streamed, ...stream };
};
