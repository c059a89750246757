/**
 * Join tokens: JWTs signed with HMAC-SHA256 (HS256), so any JWT library can
 * mint one. Claims: `room`, `name`, `role`, `exp` (seconds since the epoch),
 * and `iat`. Verification is constant-time and never throws.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { isRoomName, ROOM_RULE, type ErrorCode } from '../protocol/index.js';
import { readJsonObject } from '../protocol/read-frame.js';

export const ROLES = ['subscriber', 'publisher', 'moderator'] as const;
/** OpenTok/OpenVidu roles: `subscriber` reads only, `publisher` (default) sends, `moderator` may also remove peers. */
export type Role = (typeof ROLES)[number];

export interface TokenClaims {
  room: string;
  name: string;
  role: Role;
  /** Expiry, seconds since the epoch. */
  exp: number;
  iat?: number;
  /** The REST connection the token is for (`POST /openvidu/api/sessions/<id>/connection`): the peer takes its id. */
  cid?: string;
  /** That connection's server data, which OpenVidu clients see after the client's own (`<client>%/%<server>`). */
  data?: string;
}

export interface CreateTokenOptions {
  secret: string;
  room: string;
  name: string;
  /** Default: 'publisher'. */
  role?: Role;
  /** Lifetime in seconds. Default: 86400 (one day). */
  ttlSeconds?: number;
  /** For tests: the current time in ms. Default: Date.now(). */
  now?: number;
}

function base64url(input: string | Buffer): string {
  return Buffer.from(input).toString('base64url');
}

function sign(data: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(data).digest();
}

/** Mint a token for one user of one room (for app servers and the CLI). */
export function createToken({ secret, room, name, role = 'publisher', ttlSeconds = 86_400, now = Date.now() }: CreateTokenOptions): string {
  if (!secret) throw new TypeError('createToken: a secret is required');
  if (!ROLES.includes(role)) throw new TypeError(`createToken: role must be one of ${ROLES.join(', ')}`);
  // A token for a room the relay refuses would fail only later, at the join.
  if (!isRoomName(room)) throw new TypeError(`createToken: ${ROOM_RULE}, not '${room}'`);
  const iat = Math.floor(now / 1000);
  return signToken({ room, name, role, iat, exp: iat + ttlSeconds }, secret);
}

/** Sign a claim set as an HS256 JWT (createToken checks its options first; the REST API signs its own). */
export function signToken(claims: TokenClaims, secret: string): string {
  const header = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(claims));
  return `${header}.${payload}.${sign(`${header}.${payload}`, secret).toString('base64url')}`;
}

/**
 * The REST connection claims of a token, unverified: for a relay without a
 * secret, which trusts every token anyway. The reservation in the hub is
 * what makes the connection id good for one peer.
 */
export function unverifiedConnection(token: string | undefined): Pick<TokenClaims, 'cid' | 'data' | 'room'> | undefined {
  const payload = token?.split('.')[1];
  if (!payload || token === undefined || token.length > 4096) return undefined;
  const claims = readJsonObject(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Record<keyof TokenClaims, unknown>> | undefined;
  if (typeof claims?.cid !== 'string' || typeof claims.room !== 'string') return undefined;
  return { cid: claims.cid, room: claims.room, data: typeof claims.data === 'string' ? claims.data : undefined };
}

export type Verified = { ok: true; claims: TokenClaims } | { ok: false; code: ErrorCode; message: string };

/** Check a token's signature, expiry and claims; `room` must match its `room` claim. */
export function verifyToken(token: string | undefined, secret: string, room: string, now = Date.now()): Verified {
  if (!token) return { ok: false, code: 'unauthorized', message: 'this server requires a token' };
  const parts = token.split('.');
  if (parts.length !== 3 || token.length > 4096) return { ok: false, code: 'unauthorized', message: 'the token is malformed' };
  const [header = '', payload = '', signature = ''] = parts;
  const expected = sign(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'unauthorized', message: 'the token signature is invalid' };
  }
  const head = readJsonObject(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown } | undefined;
  if (head?.alg !== 'HS256') return { ok: false, code: 'unauthorized', message: 'the token must use HS256' };
  const claims = readJsonObject(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<Record<keyof TokenClaims, unknown>> | undefined;
  if (
    !claims ||
    typeof claims.room !== 'string' ||
    typeof claims.name !== 'string' ||
    typeof claims.exp !== 'number' ||
    (claims.role !== undefined && !ROLES.includes(claims.role as Role))
  ) {
    return { ok: false, code: 'unauthorized', message: 'the token lacks room, name or exp, or has an unknown role' };
  }
  if (claims.exp * 1000 <= now) return { ok: false, code: 'unauthorized', message: 'the token has expired' };
  if (claims.room !== room) return { ok: false, code: 'forbidden', message: 'the token is for another room' };
  return {
    ok: true,
    claims: {
      room: claims.room,
      name: claims.name,
      role: (claims.role as Role | undefined) ?? 'publisher',
      exp: claims.exp,
      ...(typeof claims.cid === 'string' ? { cid: claims.cid } : {}),
      ...(typeof claims.data === 'string' ? { data: claims.data } : {}),
    },
  };
}
