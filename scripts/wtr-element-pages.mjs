// A web-test-runner plugin for the element's browser tests: serves, on the test
// server's own origin (127.0.0.1, so Chromium's Local Network Access checks pass),
//
//   /__element/signal-chat.js  the classic-script bundle, built in memory on first
//                              request with the real rollup config (so the test does
//                              not depend on `npm run build` having run first)
//   /__element/csp.html        a page that loads it with a plain <script src> under a
//                              strict Content-Security-Policy header
//   /__element/csp-page.js     that page's own script (no inline scripts allowed)
import { rollup } from 'rollup';

/** What the CSP page allows: scripts and styles from itself, sockets to loopback. */
export const STRICT_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  'connect-src ws://127.0.0.1:*',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const CSP_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>signal-chat under a strict CSP</title>
<script src="/__element/csp-page.js"></script>
<script src="/__element/signal-chat.js"></script>
</head>
<body>
<signal-chat name="Strict" channels="chat"></signal-chat>
</body>
</html>
`;

// Runs before the bundle: records CSP violations, then points the element at ?url=.
const CSP_PAGE_SCRIPT = `window.cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
document.addEventListener('DOMContentLoaded', function () {
  var url = new URLSearchParams(location.search).get('url');
  if (url) document.querySelector('signal-chat').setAttribute('url', url);
});
`;

/**
 * The classic-script bundle (dist/signal-chat.js, or another of rollup.config.mjs's
 * outputs) built in memory from the sources with the real rollup config, for tests that
 * must not depend on `npm run build` having run first.
 * @param {string} configFile absolute path of rollup.config.mjs
 * @param {string} [file] the output, as its path under dist/
 * @returns {Promise<string>} the bundle's code
 */
export async function buildClassicBundle(configFile, file = 'signal-chat.js') {
  const configs = (await import(configFile)).default;
  const config = (Array.isArray(configs) ? configs : [configs]).find((c) => String(c.output?.file).endsWith(`/dist/${file}`));
  if (!config) throw new Error(`rollup.config.mjs has no dist/${file} entry`);
  const built = await rollup({ ...config, onwarn() {} });
  const { output } = await built.generate({ ...config.output, sourcemap: false });
  await built.close();
  return output[0].code;
}

export function elementPages({ configFile }) {
  /** @type {Promise<string> | undefined} */
  let bundle;
  const build = () => buildClassicBundle(configFile);
  const warm = () =>
    (bundle ??= build().catch((err) => {
      bundle = undefined;
      throw err;
    }));
  return {
    name: 'signal-chat-element-pages',
    // Built as the server starts, not on a test's first request: the build (esbuild, then
    // terser) takes seconds on a loaded machine, which a test's 10 s timeout must not pay.
    serverStart() {
      warm().catch(() => {}); // a failure is built again, and reported, on the request
    },
    async serve(context) {
      if (context.path === '/__element/signal-chat.js') {
        return { body: await warm(), type: 'js', headers: { 'cache-control': 'no-store' } };
      }
      if (context.path === '/__element/csp.html') {
        return { body: CSP_PAGE, type: 'html', headers: { 'content-security-policy': STRICT_CSP, 'cache-control': 'no-store' } };
      }
      if (context.path === '/__element/csp-page.js') return { body: CSP_PAGE_SCRIPT, type: 'js' };
      return undefined;
    },
  };
}
