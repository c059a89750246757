/**
 * The session URL as the socket needs it: `http(s)://` becomes `ws(s)://`
 * (so one URL serves the REST API and the socket), a relative URL is resolved
 * against the page, and a token is appended as `?token=`.
 */
export function socketUrl(url: string, token?: string): URL {
  const parsed = new URL(url, (globalThis as { location?: { href: string } }).location?.href);
  // `http:` and `https:` only: no other scheme has `http` in it.
  parsed.protocol = parsed.protocol.replace('http', 'ws');
  if (token !== undefined) parsed.searchParams.set('token', token);
  return parsed;
}
