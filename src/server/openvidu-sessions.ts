/**
 * OpenVidu participants by RPC session id. openvidu-browser reconnects a
 * dropped socket by presenting the `sessionId` its `joinRoom` was answered
 * with (`connect {sessionId, reconnect: true}`); it knows nothing of our
 * resume key or sequence numbers, so the relay keeps them here, per
 * participant, across that participant's sockets. Only its owner learns the
 * RPC session id, so it is as good a secret as the resume key itself.
 */
import type { Status } from '../protocol/index.js';
import type { TokenBucket } from './rate-limit.js';
import type { Role } from './tokens.js';

export interface OpenViduParticipant {
  readonly rpcSessionId: string;
  readonly room: string;
  readonly id: string;
  readonly resumeKey: string;
  /** The REST API may change it (`PATCH …/connection/<id>`). */
  role: Role;
  readonly status: Status;
  readonly createdAt: number;
  /** Its rate limit, carried from socket to socket so reconnecting does not refill it. */
  readonly bucket: TokenBucket | undefined;
  /** Highest seq of a signal written to this participant's socket: a resume replays what came after. */
  seq: number;
  /** Peers this client has been told of (joinRoom's `value`, `participantJoined`). */
  readonly known: Set<string>;
  /** Forgets the participant when no socket took it back. */
  expiry: ReturnType<typeof setTimeout> | undefined;
}

export class OpenViduSessions {
  private readonly participants = new Map<string, OpenViduParticipant>();

  /**
   * @param keepMs How long a detached participant is remembered; longer than
   *   the hub's grace period, so the hub (not this map) decides when a
   *   reconnection is too late.
   */
  constructor(private readonly keepMs: number) {}

  add(participant: OpenViduParticipant): void {
    this.participants.set(participant.rpcSessionId, participant);
  }

  get(rpcSessionId: string): OpenViduParticipant | undefined {
    return this.participants.get(rpcSessionId);
  }

  delete(participant: OpenViduParticipant): void {
    clearTimeout(participant.expiry);
    participant.expiry = undefined;
    if (this.participants.get(participant.rpcSessionId) === participant) this.participants.delete(participant.rpcSessionId);
  }

  /** The participant's socket is gone; keep it for a reconnection for a while. */
  detached(participant: OpenViduParticipant): void {
    clearTimeout(participant.expiry);
    participant.expiry = setTimeout(() => this.delete(participant), this.keepMs);
    participant.expiry.unref?.();
  }

  /** A socket took the participant back. */
  attached(participant: OpenViduParticipant): void {
    clearTimeout(participant.expiry);
    participant.expiry = undefined;
  }

  clear(): void {
    for (const participant of this.participants.values()) clearTimeout(participant.expiry);
    this.participants.clear();
  }
}
