/**
 * Debian's Chromium driven by playwright-core, for node tests that need whole pages
 * (several pages at once, pages built during the test) rather than one test module
 * per page as under @web/test-runner. Binary and flags come from scripts/chromium.mjs,
 * which web-test-runner.config.mjs reads too.
 */
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../scripts/chromium.mjs';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS] });
}
