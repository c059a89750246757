import { randomBytes } from 'node:crypto';

/** An unguessable id: 96 random bits, URL-safe. */
export function peerId(): string {
  return randomBytes(12).toString('base64url');
}

/** A secret only its owner learns: 128 random bits. */
export function secretKey(): string {
  return randomBytes(16).toString('base64url');
}
