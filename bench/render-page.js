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

window.runBench = async function runBench({ history, streamPerSecond, streamSeconds, settleMs }) {
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

  const start = performance.now();
  for (let i = 0; i < history; i++) {
    session.emit('signal', { type: 'chat', data: text(i), from: others[i % others.length], history: true, time: 1_700_000_000_000 + i * 1000 });
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
    const due = Math.floor(((performance.now() - streamStart) / 1000) * streamPerSecond);
    for (; sent < due; sent++) session.emit('signal', { type: 'chat', data: text(history + sent), from: others[sent % others.length], time: Date.now() });
  }, 10);
  await new Promise((resolve) => setTimeout(resolve, streamSeconds * 1000));
  clearInterval(timer);
  counting = false;
  const elapsed = (performance.now() - streamStart) / 1000;
  await frame();
  observer.disconnect();
  return {
    renderMs,
    renderToFrameMs,
    logNodes,
    allNodes,
    messages: el.messages.length,
    streamed: sent,
    fps: frames / elapsed,
    longTasks: longTasks.length,
    maxLongTaskMs: longTasks.length ? Math.max(...longTasks) : 0,
    logNodesAfterStream: log.querySelectorAll('*').length,
  };
};
