/**
 * The token URL an OpenVidu app server hands its client:
 * `ws://host:port?sessionId=<room>&token=<t>`. openvidu-browser keeps only its
 * host and opens `/openvidu` there. Without `--secret` the relay takes any `t`.
 */
export function openViduToken(relay: { http: string }, room: string, token = 'tok'): string {
  const { host } = new URL(relay.http);
  return `ws://${host}?sessionId=${room}&token=${token}`;
}
