// Runs in Chromium (bench/client-paging.mjs): the element on a real relay, in a room
// whose log holds `expected` messages, scrolled to the top again and again until it has
// paged back through all of them. Each page is timed twice: the round trip of its
// `history` request, and from the answer to the new rows laid out.
const frame = () => new Promise((resolve) => requestAnimationFrame(() => resolve()));
const until = async (condition) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

window.runPaging = async function runPaging({ url, expected, joinHistory }) {
  const el = document.createElement('signal-chat');
  el.style.cssText = 'display:block;width:420px;height:640px';
  el.setAttribute('name', 'Reader');
  el.setAttribute('url', url);
  document.body.append(el);
  await until(() => el.state === 'connected' && el.messages.length === joinHistory);
  await frame();
  const log = el.shadowRoot.querySelector('[role=log]');
  const session = el.session;
  const history = session.history.bind(session);
  const pages = [];
  let rendered;
  session.history = async (options) => {
    const asked = performance.now();
    const page = await history(options);
    const answered = performance.now();
    // The element puts the page in and renders it in microtasks after this resolves;
    // a task later all of that is done, and reading a layout value lays it out.
    setTimeout(() => {
      void log.scrollHeight;
      pages.push({ roundTripMs: answered - asked, renderMs: performance.now() - answered, signals: page.signals.length });
      rendered?.();
    }, 0);
    return page;
  };
  const start = performance.now();
  let maxRows = 0;
  while (el.messages.length < expected) {
    const done = new Promise((resolve) => (rendered = resolve));
    log.scrollTop = 0;
    await done;
    maxRows = Math.max(maxRows, log.querySelectorAll('.row').length);
    if (pages.length > expected / 50) break; // something is wrong; the caller reports it
  }
  const totalMs = performance.now() - start;
  const texts = el.messages.map((m) => m.text);
  const inOrder = texts.every((t, i) => t === `message ${i}`);
  el.remove();
  return { totalMs, pages, messages: texts.length, inOrder, maxRows };
};
