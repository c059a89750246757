/** Plain HTTP calls for REST tests; runs in Node and in the browser (global `fetch`). */

export interface JsonAnswer {
  status: number;
  /** The answer's JSON body, `{}` when it had none. */
  body: Record<string, unknown>;
}

async function answer(response: Response): Promise<JsonAnswer> {
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  return answer(await fetch(url, { headers }));
}

/**
 * POSTs `body` as JSON (a string is sent as it is, so a test can send broken
 * JSON; `undefined` sends no body). Never throws on a status: tests assert it.
 */
export async function postJson(url: string, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const init: RequestInit =
    body === undefined
      ? { method: 'POST', headers }
      : { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) };
  return answer(await fetch(url, init));
}
