/**
 * Browser tests only (test/**\/*.browser.test.ts, run by @web/test-runner).
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

/**
 * POSTs to the test relay's control endpoint (scripts/test-relay.ts; CORS-enabled, the
 * relay's own REST API is for servers): `/drop?room=&id=`, `/restart`, `/rest/signal`.
 * Resolves with its JSON answer; throws when it answers an error, which is a broken setup.
 */
export async function control(path: string, body?: unknown): Promise<Record<string, unknown>> {
  const { control: base } = await relayUrls();
  if (!base) throw new Error('the test relay offers no control endpoint (scripts/test-relay.ts)');
  const response = await fetch(`${base}${path}`, {
    method: 'POST',
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`POST ${path} to the test relay's control endpoint answered ${response.status}`);
  return (await response.json()) as Record<string, unknown>;
}
