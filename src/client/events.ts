/**
 * The session's events and what each carries. `SessionEventMap` types
 * `session.on(…)`, so listeners get these shapes, never `any`.
 */
import type { Status } from '../protocol/frames.js';
import type { Connection } from './connection.js';
import type { SignalError } from './signal-error.js';

export interface SessionConnectedEvent {
  /** This client's own connection (also `session.connection`). */
  connection: Connection;
}

export interface ConnectionCreatedEvent {
  connection: Connection;
}

export interface ConnectionDestroyedEvent {
  connection: Connection;
  /**
   * Why it left, as the server said: `disconnect` (it closed the session),
   * `leave`, `network` (its grace period ran out), `heartbeat`, `kicked`,
   * `shutdown`; `unknown` when it left while this client was reconnecting.
   */
  reason: string;
}

export interface ConnectionStatusChangedEvent {
  connection: Connection;
  status: Status;
  previousStatus: Status;
}

export interface SignalEvent {
  /** The signal type without the `signal:` prefix; `''` for a signal sent without one. */
  type: string;
  /** The data as sent; a non-string payload (e.g. from REST) as its JSON text; `''` when none. */
  data: string;
  /** The sender; `null` for a signal the server sent (REST). Own signals: `session.connection`. */
  from: Connection | null;
  /** Present for a targeted (private) signal: its recipients. Absent for a broadcast. */
  to?: Connection[];
  /** The signal's place in the room's order (absent only from servers that do not number signals). */
  seq?: number;
  /** Server time in ms since the epoch. */
  time?: number;
  /** True for a signal sent before this client joined, replayed from the room's history. */
  history: boolean;
  /** True for a signal sent as ephemeral (typing, receipts): it is in no history and no resume. */
  ephemeral?: true;
  /**
   * On a history or resume-backlog signal: the sender's display name
   * (`status.name`) when it sent it, so a sender who has left or renamed
   * since can still be named. Absent on live signals (read `from.status`).
   */
  name?: string;
  /**
   * With `name`: true when the relay checked it, i.e. it is the `name` claim
   * of the sender's token. Without tokens (open mode) a name is only what the
   * sender claimed, and this is absent.
   */
  verified?: true;
}

/** What `session.history()` asks for. */
export interface HistoryOptions {
  /** Only signals older than this seq (e.g. the oldest one shown); absent: the newest. */
  before?: number;
  /** At most this many (1–200; more is served as 200); default 50. */
  limit?: number;
}

/** One page of older history: its signals, oldest first, each with `history: true`. */
export interface HistoryPage {
  signals: SignalEvent[];
  /** True when the relay keeps older signals still (ask again with `before` = the first one's seq). */
  more: boolean;
}

export interface ReconnectingEvent {}

/** A connection attempt failed; the next one follows after `delayMs` (or at `retryNow()`). */
export interface RetryingEvent {
  /** The attempts made so far since the connection was last up (or since `connect()`). */
  attempt: number;
  /** Wait before the next attempt, ms. */
  delayMs: number;
}

export interface ReconnectedEvent {
  /**
   * True: the same connection was picked up and every signal missed meanwhile
   * was delivered. False: the server no longer knew this client, so it joined
   * afresh with a new `session.connection`; signals sent to it while away are
   * lost — show the gap.
   */
  resumed: boolean;
  /**
   * True when the room's numbering started again below what this client had seen: the
   * server lost the room (an in-memory relay restarted), so its history no longer holds
   * the earlier signals either. Only ever true with `resumed: false`.
   */
  restarted: boolean;
}

/**
 * `disconnect`: `session.disconnect()` was called. `network`: reconnection gave
 * up. The others are the server's refusal: `unauthorized`, `forbidden`,
 * `invalid_room`, `replaced` (another socket resumed this connection),
 * `session_closed` (the app server closed the session for everyone).
 */
export type DisconnectReason = 'disconnect' | 'network' | 'unauthorized' | 'forbidden' | 'invalid_room' | 'replaced' | 'session_closed';

export interface SessionDisconnectedEvent {
  reason: DisconnectReason;
}

/** Something went wrong that belongs to no call: a frame the client could not read, an error frame for no signal. */
export type ExceptionEvent = SignalError;

export interface SessionEventMap {
  sessionConnected: [event: SessionConnectedEvent];
  connectionCreated: [event: ConnectionCreatedEvent];
  connectionDestroyed: [event: ConnectionDestroyedEvent];
  connectionStatusChanged: [event: ConnectionStatusChangedEvent];
  signal: [event: SignalEvent];
  [typed: `signal:${string}`]: [event: SignalEvent];
  reconnecting: [event: ReconnectingEvent];
  retrying: [event: RetryingEvent];
  reconnected: [event: ReconnectedEvent];
  sessionDisconnected: [event: SessionDisconnectedEvent];
  exception: [event: ExceptionEvent];
}
