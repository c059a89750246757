/**
 * The token URL an OpenVidu app server hands its client:
 * `ws://host:port?sessionId=<room>&token=<t>`. openvidu-browser keeps only its
 * host and opens `/openvidu` there. Without `--secret` the relay takes any `t`.
 */
export function openViduToken(relay: { http: string }, room: string, token = 'tok'): string {
  const { host } = new URL(relay.http);
  return `ws://${host}?sessionId=${room}&token=${token}`;
}

/**
 * Resolves once the token in such a URL (a JWT the relay's REST API handed out) has
 * expired: its `exp` is in whole seconds, so a token lasts up to a second less than its TTL.
 */
export async function tokenExpired(tokenUrl: string): Promise<void> {
  const jwt = new URL(tokenUrl).searchParams.get('token') ?? '';
  const payload = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
  const { exp } = JSON.parse(atob(payload)) as { exp: number };
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, exp * 1000 - Date.now()) + 50));
}
