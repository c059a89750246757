/**
 * Debian's Chromium driven by playwright-core, for node tests that need whole pages
 * (several pages at once, pages built during the test) rather than one test module
 * per page as under @web/test-runner. Same binary and flags as web-test-runner.config.mjs.
 */
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, or SIGNAL_CHAT_CHROMIUM (as in scripts/require-tools.mjs). */
export const CHROMIUM_PATH = process.env['SIGNAL_CHAT_CHROMIUM'] || '/usr/bin/chromium';

const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: FLAGS });
}
