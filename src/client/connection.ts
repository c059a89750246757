import type { Status } from '../protocol/frames.js';

/**
 * A participant of the session, as OpenVidu and OpenTok describe one. Only the session
 * changes its `status` and `role`, when the server says so.
 */
export class Connection {
  // (Set in the constructor; `declare` keeps the bundles from declaring them again.)
  /** The id the server gave this participant; stable across a resumed reconnection. */
  declare readonly connectionId: string;
  /** The participant's status object (the element keeps `name` in it). */
  declare status: Status;
  /**
   * The participant's token role (`subscriber`, `publisher`, `moderator`) as
   * the relay gives it (and updates it on a REST role change), never what the
   * participant claims in its status; undefined when the relay did not say.
   */
  declare role: string | undefined;

  constructor(connectionId: string, status: Status, role?: string) {
    this.connectionId = connectionId;
    this.status = status;
    this.role = role;
  }

  /** The same as `connectionId` (OpenTok's examples read `event.from.id`). */
  get id(): string {
    return this.connectionId;
  }

  /** The status as a JSON string, as OpenVidu and OpenTok apps read `connection.data`. */
  get data(): string {
    return JSON.stringify(this.status);
  }
}
