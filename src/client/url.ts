/**
 * The session URL as the socket needs it: `http(s)://` becomes `ws(s)://`
 * (so one URL serves the REST API and the socket), a relative URL is resolved
 * against the page, and a token is appended as `?token=`.
 */
export function socketUrl(url: string, token?: string): URL {
  const base = (globalThis as { location?: { href: string } }).location?.href;
  const parsed = new URL(url, base);
  if (parsed.protocol === 'http:') parsed.protocol = 'ws:';
  else if (parsed.protocol === 'https:') parsed.protocol = 'wss:';
  if (token !== undefined) parsed.searchParams.set('token', token);
  return parsed;
}
