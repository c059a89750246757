/**
 * Helpers for browser tests (test/**\/*.browser.test.ts) run by @web/test-runner.
 *
 * The runner starts a real relay server (scripts/test-relay.ts) before any test and
 * serves its URLs at `/__relay` on the test page's own origin (127.0.0.1).
 */

/** URLs of the relay server the test runner started for this run. */
export interface RelayUrls {
  /** e.g. `ws://127.0.0.1:40123` — append `/rooms/<room>` for a session URL */
  ws: string;
  /** e.g. `http://127.0.0.1:40123` — for the REST API */
  http: string;
  /**
   * e.g. `http://127.0.0.1:40124` — the test relay's control endpoint (scripts/test-relay.ts):
   * `POST /drop?room=&id=`, `POST /restart`, `POST /rest/signal`.
   */
  control?: string;
}

let cached: Promise<RelayUrls> | undefined;

/** Fetches (once per page) the URLs of the relay server started by web-test-runner.config.mjs. */
export async function relayUrls(): Promise<RelayUrls> {
  cached ??= (async () => {
    const res = await fetch('/__relay', { cache: 'no-store' });
    if (!res.ok) throw new Error(`GET /__relay answered ${res.status}: ${await res.text()}`);
    const body: unknown = await res.json();
    if (
      typeof body !== 'object' || body === null ||
      typeof (body as Record<string, unknown>)['ws'] !== 'string' ||
      typeof (body as Record<string, unknown>)['http'] !== 'string'
    ) {
      throw new Error(`GET /__relay answered an unexpected body: ${JSON.stringify(body)}`);
    }
    const { ws, http, control } = body as { ws: string; http: string; control?: unknown };
    return typeof control === 'string' ? { ws, http, control } : { ws, http };
  })();
  try {
    return await cached;
  } catch (err) {
    cached = undefined;
    throw err;
  }
}

/** Resolves once `predicate()` is truthy (checked every 20 ms), or fails after `ms`. */
export async function until(predicate: () => unknown, what: string, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (predicate()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message = ''): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${message ? message + ': ' : ''}expected ${e}, got ${a}`);
}
