/// <reference types="mocha" />
// Message text is text: an XSS corpus renders as typed and runs nothing; only http(s)
// URLs become links; the classic script works on a page with a strict CSP.
import { relayUrls } from '../support/relay-urls.js';
import { $$, assert, cleanup, deepEqual, equal, joined, logTexts, roomName, roomUrl, until } from './harness.js';

const CORPUS = [
  '<img src=x onerror="window.__xss=1">',
  '<script>window.__xss=2</script>',
  '<a href="javascript:window.__xss=3">click</a>',
  'javascript:window.__xss=4',
  '<svg onload="window.__xss=5"></svg>',
  '"><iframe srcdoc="<script>parent.__xss=6</script>">',
  '{{constructor.constructor("window.__xss=7")()}}',
  '<style>*{display:none}</style>',
  '${window.__xss=8}',
];

declare global {
  interface Window {
    __xss?: number;
  }
}

describe('<signal-chat> safety', () => {
  afterEach(cleanup);

  it('shows an XSS corpus as text, creates no elements from it and runs no script', async () => {
    delete window.__xss;
    const url = await roomUrl('xss');
    const ann = await joined(url, 'Ann');
    const bob = await joined(url, '<img src=x onerror="window.__xss=9">');
    for (const text of CORPUS) await bob.send(text);
    await until(() => logTexts(ann).length === CORPUS.length, 'every message arrived');
    deepEqual(logTexts(ann), CORPUS, 'each shown exactly as typed');
    const made = $$(ann, '.log .text *').filter((n) => n.tagName !== 'A');
    deepEqual(made.map((n) => n.tagName), [], 'no element created from message text');
    equal($$(ann, '.log a').length, 0, 'no link: there is no http(s) URL in the corpus');
    assert($$(ann, '.who').some((n) => n.textContent === '<img src=x onerror="window.__xss=9">'), 'the name is text too');
    await new Promise((r) => setTimeout(r, 100));
    equal(window.__xss, undefined, 'no script ran');
  });

  it('turns http(s) URLs into links with rel="noopener noreferrer", and nothing else', async () => {
    const url = await roomUrl('links');
    const ann = await joined(url, 'Ann');
    await ann.send('see https://example.com/a?b=1&c=<2>. or http://example.org, not javascript:alert(1) nor data:text/html,hi');
    await until(() => $$(ann, '.log a').length === 2, 'two links');
    const links = $$<HTMLAnchorElement>(ann, '.log a');
    deepEqual(links.map((a) => a.getAttribute('href')), ['https://example.com/a?b=1&c=', 'http://example.org/']);
    deepEqual(links.map((a) => a.textContent), ['https://example.com/a?b=1&c=', 'http://example.org']);
    for (const a of links) {
      equal(a.rel, 'noopener noreferrer');
      equal(a.target, '_blank');
    }
    equal(logTexts(ann)[0], 'see https://example.com/a?b=1&c=<2>. or http://example.org, not javascript:alert(1) nor data:text/html,hi');
  });

  it('works from a plain <script src> on a page with a strict Content-Security-Policy', async () => {
    const { ws } = await relayUrls();
    const room = roomName('csp');
    const url = `${ws}/rooms/${room}`;
    const frame = document.createElement('iframe');
    frame.style.inlineSize = '600px';
    frame.style.blockSize = '500px';
    frame.src = `/__element/csp.html?url=${encodeURIComponent(url)}`;
    const loaded = new Promise((r) => frame.addEventListener('load', r, { once: true }));
    document.body.append(frame);
    try {
      await loaded;
      const res = await fetch(frame.src);
      assert(/script-src 'self'/.test(res.headers.get('content-security-policy') ?? ''), 'the page is served with the CSP header');
      const win = frame.contentWindow as Window & { cspViolations: string[]; SignalChat?: unknown };
      const el = win.document.querySelector('signal-chat') as unknown as HTMLElement & { state: string; send(t: string): Promise<unknown>; messages: Array<{ text: string }> };
      assert(win.customElements.get('signal-chat'), 'the classic script registered the element');
      assert(win.SignalChat, 'and exposed window.SignalChat');
      await until(() => el.state === 'connected', 'connected under the CSP', 8000);
      const here = await joined(url, 'Outside');
      await el.send('<b>hello</b> from a strict page');
      await until(() => logTexts(here).includes('<b>hello</b> from a strict page'), 'the message crossed');
      await here.send('and back');
      await until(() => el.messages.some((m) => m.text === 'and back'), 'the strict page received');
      const avatar = el.shadowRoot?.querySelector<HTMLElement>('.av');
      assert(avatar && win.getComputedStyle(avatar).getPropertyValue('--i').trim() !== '', "an avatar's colour index is set (through the CSSOM, which the CSP allows)");
      const styled = getComputedStyle(el).borderTopStyle;
      equal(styled, 'solid', 'its styles applied (constructable stylesheets are allowed)');
      deepEqual(win.cspViolations, [], 'no CSP violation was reported');
    } finally {
      frame.remove();
    }
  });
});
