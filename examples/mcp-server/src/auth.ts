// Upstream credential check: the gateway must present the server's own token, never the agent's.
import { createHash, timingSafeEqual } from 'node:crypto';

export type BearerCheck = { ok: true } | { ok: false; reason: 'missing' | 'malformed' | 'mismatch' };

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * Checks `Authorization: Bearer <token>` against the required token. Both sides are hashed first
 * so the comparison is constant-time and does not leak the expected token's length.
 */
export function checkBearer(authorization: string | undefined, requiredToken: string): BearerCheck {
  if (authorization === undefined || authorization === '') return { ok: false, reason: 'missing' };
  const match = /^Bearer ([\x21-\x7e]+)$/i.exec(authorization);
  if (!match?.[1]) return { ok: false, reason: 'malformed' };
  return timingSafeEqual(digest(match[1]), digest(requiredToken))
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}

/**
 * A short, non-reversible fingerprint of a secret (first 12 hex chars of its SHA-256), so tests can
 * tell which credential arrived without the server ever echoing it.
 */
export function fingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 12);
}
