// Property names the browser bundles shorten (rollup.config.mjs, esbuild's mangleProps):
// members the element's controllers share among themselves (src/element/). None is
// public API (an attribute, property, method, event detail, UI string key, participant
// or message field), a DOM or lit member, or a member of the session client;
// test/element/docs.test.ts checks the public part. Renaming them consistently across
// the chunk saves about 200 B gzip of the size budget.
export const INTERNAL_PROPS = [
  'activeKey',
  'announce',
  'autoConnect',
  'conns',
  'continued',
  'echoed',
  'external',
  'forget',
  'fresh',
  'messenger',
  'noteNew',
  'people',
  'pinned',
  'pump',
  'remember',
  'retryAt',
  'retryIn',
  'roster',
  'scrollToEnd',
  'selfId',
  'stopped',
  'stranger',
  'teardown',
  'threads',
];
