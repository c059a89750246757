/**
 * The little the element needs from a session. Our `Session` (src/client/) fits it,
 * and so do OpenVidu's and OpenTok's session objects: the element only listens to
 * events both of them raise and calls `signal()`. Nothing here knows about sockets.
 *
 * Interfaces only; the code that reads these shapes lives in session-adapter.ts.
 */

/** A participant's connection as the seed APIs describe it. */
export interface ConnectionLike {
  connectionId: string;
  /** Our client's status object (`{ name, … }`). OpenVidu/OpenTok have none. */
  status?: Record<string, unknown> | undefined;
  /** The status as a JSON string (ours), or the app's connection data (OpenVidu/OpenTok). */
  data?: string | undefined;
  /** The token role the relay gives (our client, OpenVidu): a `moderator` may delete anyone's message. */
  role?: string | undefined;
}

/** What `signal` / `signal:<type>` handlers receive. */
export interface SignalEventLike {
  /** `chat` in our client; `signal:chat` in OpenVidu and OpenTok. */
  type?: string | undefined;
  data?: unknown;
  /** `null` (or absent) for a signal the server sent itself. */
  from?: ConnectionLike | null | undefined;
  /** Present on a targeted (private) signal. */
  to?: ConnectionLike[] | undefined;
  seq?: number | undefined;
  time?: number | undefined;
  /** Sent before this connection joined; replayed from the room's history. */
  history?: boolean | undefined;
  /** Replayed signals: the sender's display name as the relay recorded it. */
  name?: string | undefined;
  /** Replayed signals: `name` is the one the sender's token gave it. */
  verified?: boolean | undefined;
}

/**
 * The argument of `session.signal()`. The element always sets `type` and `data`; they are
 * optional here so that OpenVidu's and OpenTok's session types fit without a cast. `to` is
 * a list for our client and OpenVidu, one connection for OpenTok.
 */
export interface SignalOptionsLike {
  type?: string | undefined;
  data?: string | undefined;
  to?: ConnectionLike[] | ConnectionLike | undefined;
  /** Our client: deliver but never keep in history (typing); other sessions ignore it. */
  ephemeral?: boolean | undefined;
  /** Our client and OpenTok: `false` drops the signal instead of queueing it while reconnecting. */
  retryAfterReconnect?: boolean | undefined;
}

/** Our client's and OpenVidu's `signal()` return a Promise; OpenTok's takes a callback. */
export type SignalCallback = (error?: unknown) => void;

/** Anything with a `forEach` over connections: a Map, an array, OpenTok's collection. */
export interface ConnectionCollection {
  forEach(callback: (connection: ConnectionLike) => void): void;
}

/**
 * A session the element can use. Only `on`, `off` and `signal` are required; the rest is
 * read when present.
 */
export interface SessionLike {
  on(event: string, handler: (event: any) => void): unknown;
  off(event: string, handler: (event: any) => void): unknown;
  signal(signal: SignalOptionsLike, callback?: SignalCallback): Promise<unknown> | void;
  /** This side's connection, once connected. */
  connection?: ConnectionLike | null | undefined;
  /** Our client: the other participants. */
  connections?: ConnectionCollection | undefined;
  /** OpenVidu: the other participants. */
  remoteConnections?: ConnectionCollection | undefined;
  connect?(...args: unknown[]): Promise<unknown> | unknown;
  disconnect?(): unknown;
  setStatus?(status: Record<string, unknown>): unknown;
  /** Our client: try at once while waiting to retry a connection. */
  retryNow?(): unknown;
}
