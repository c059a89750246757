import type { Status } from '../protocol/frames.js';

/** A participant of the session, as OpenVidu and OpenTok describe one. */
export class Connection {
  #status: Status;
  #role: string | undefined;

  constructor(
    /** The id the server gave this participant; stable across a resumed reconnection. */
    readonly connectionId: string,
    status: Status,
    role?: string,
  ) {
    this.#status = status;
    this.#role = role;
  }

  /**
   * The participant's token role (`subscriber`, `publisher`, `moderator`) as
   * the relay gives it (and updates it on a REST role change), never what the
   * participant claims in its status; undefined when the relay did not say.
   */
  get role(): string | undefined {
    return this.#role;
  }

  /** @internal Only the session changes a role, when the server says so. */
  setRole(role: string | undefined): void {
    this.#role = role;
  }

  /** The same as `connectionId` (OpenTok's examples read `event.from.id`). */
  get id(): string {
    return this.connectionId;
  }

  /** The participant's status object (the element keeps `name` in it). */
  get status(): Status {
    return this.#status;
  }

  /** The status as a JSON string, as OpenVidu and OpenTok apps read `connection.data`. */
  get data(): string {
    return JSON.stringify(this.#status);
  }

  /** @internal Only the session changes a status, when the server says so. */
  setStatus(status: Status): void {
    this.#status = status;
  }
}
