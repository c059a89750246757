/**
 * Who may do what: token admission, roles, and the per-connection abuse
 * limits. Shared by every wire dialect, so the rules are the same whichever
 * protocol a client speaks.
 */
import type { ErrorCode, Status } from '../protocol/index.js';
import { TokenBucket } from './rate-limit.js';
import { unverifiedConnection, verifyToken, type Role } from './tokens.js';

export interface Policy {
  /** Tokens are required when set. */
  secret: string | undefined;
  /** Signals per second per connection, or null for no limit. */
  rate: { perSecond: number; burst: number } | null;
  /** A socket whose unsent buffer passes this many bytes is dropped as a slow consumer. */
  maxBufferedBytes: number;
  /** Largest `data` of a chat signal (`signal`, REST, OpenVidu's `sendMessage`); a seed `to` is held only to the transport cap. */
  maxSignalBytes: number;
}

export type Admission =
  | {
      ok: true;
      role: Role;
      status: Status;
      lockedName: string | undefined;
      /** A REST connection token: the reserved connection the peer takes, and its server data. */
      connection: { id: string; serverData: string } | undefined;
    }
  | { ok: false; code: ErrorCode; message: string };

/** Decide whether a join may proceed, and with which role and status. */
export function admit(policy: Policy, room: string, token: string | undefined, status: Status): Admission {
  if (policy.secret === undefined) {
    // Open mode trusts every token, but a REST connection's still binds the peer to its reservation.
    const rest = unverifiedConnection(token);
    const connection = rest?.cid !== undefined && rest.room === room ? { id: rest.cid, serverData: rest.data ?? '' } : undefined;
    return { ok: true, role: 'publisher', status, lockedName: undefined, connection };
  }
  const verified = verifyToken(token, policy.secret, room);
  if (!verified.ok) return verified;
  const { name, cid, data } = verified.claims;
  const connection = cid === undefined ? undefined : { id: cid, serverData: data ?? '' };
  // A REST connection's token has no name: the client's own data names it, as in OpenVidu.
  if (connection && name === '') return { ok: true, role: verified.claims.role, status, lockedName: undefined, connection };
  // The name in the token is the name others see, whatever the status says.
  return { ok: true, role: verified.claims.role, status: { ...status, name }, lockedName: name, connection };
}

/** The status a peer may set: with a token, its name stays the token's. */
export function lockStatus(status: Status, lockedName: string | undefined): Status {
  return lockedName === undefined ? status : { ...status, name: lockedName };
}

export type Action = 'send' | 'kick';

export function allowed(role: Role, action: Action): boolean {
  if (action === 'send') return role !== 'subscriber';
  return role === 'moderator';
}

/** A per-connection signal limiter, or none. */
export function limiter(policy: Policy): TokenBucket | undefined {
  return policy.rate ? new TokenBucket(policy.rate.perSecond, policy.rate.burst) : undefined;
}
