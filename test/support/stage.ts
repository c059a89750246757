/**
 * The stage of a node test that opens whole pages in Chromium: a real relay on port 0,
 * a static server for the test's pages on 127.0.0.1 (a loopback origin, so the pages may
 * reach the relay), and one Chromium. Node only.
 */
import type { Browser } from 'playwright-core';
import { startRelay, type TestRelay } from '../server/harness.js';
import { launchChromium } from './chromium.js';
import { serveStatic, type StaticServer } from './static-server.js';

export interface Stage {
  relay: TestRelay;
  server: StaticServer;
  browser: Browser;
  /** Who is in `room`, as the relay's `GET /api/rooms/<room>` lists them. */
  participantsOf(room: string): Promise<Array<{ id: string; status: Record<string, unknown> }>>;
  close(): Promise<void>;
}

type Routes = Record<string, string>;

/** `routes` may be built from the relay, for pages that name its URL. */
export async function openStage(options: { routes: Routes | ((relay: TestRelay) => Routes | Promise<Routes>); dir?: string; headers?: Record<string, string> }): Promise<Stage> {
  const relay = await startRelay();
  const routes = typeof options.routes === 'function' ? await options.routes(relay) : options.routes;
  const server = await serveStatic({ routes: { '/favicon.ico': '', ...routes }, ...(options.dir ? { dir: options.dir } : {}), ...(options.headers ? { headers: options.headers } : {}) });
  const browser = await launchChromium();
  return {
    relay,
    server,
    browser,
    participantsOf: async (room) => ((await (await fetch(`${relay.http}/api/rooms/${room}`)).json()) as { participants: Array<{ id: string; status: Record<string, unknown> }> }).participants,
    close: async () => {
      await browser.close();
      await server.close();
      await relay.close();
    },
  };
}
