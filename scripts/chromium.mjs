// The Chromium every browser test drives, and the flags it runs with: one list for
// @web/test-runner (web-test-runner.config.mjs) and for the node tests that open whole
// pages with playwright-core (test/support/chromium.ts). Typed by chromium.d.mts.

/** Debian's Chromium, or SIGNAL_CHAT_CHROMIUM. */
export const CHROMIUM = process.env.SIGNAL_CHAT_CHROMIUM || '/usr/bin/chromium';

/**
 * Headless in a container: no sandbox (root), no GPU, and none of the background
 * traffic (updates, sync, QUIC probes) a test run has no use for.
 */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
