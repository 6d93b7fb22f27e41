// Test helpers (excluded from the build): hand-made JWS tokens, so tests can produce what a
// well-behaved library refuses to sign (crit, alg none, HS256 with a public key as secret).
import { createHmac, createPrivateKey, sign } from 'node:crypto';

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A compact JWS signed with an EC P-256 (ES256) or Ed25519 (EdDSA) PKCS#8 PEM, any header. */
export function forgeJws(header: Record<string, unknown>, payload: unknown, privateKeyPem: string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  const key = createPrivateKey(privateKeyPem);
  const sig =
    key.asymmetricKeyType === 'ed25519'
      ? sign(null, Buffer.from(input), key)
      : sign('sha256', Buffer.from(input), { key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${sig.toString('base64url')}`;
}

/** A compact JWS with an HMAC-SHA-256 signature over `secret` (for key-confusion tests). */
export function forgeHs256(
  header: Record<string, unknown>,
  payload: unknown,
  secret: string | Buffer,
): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** A compact JWS with alg none and the given (possibly empty) signature part. */
export function forgeUnsigned(header: Record<string, unknown>, payload: unknown, signature = ''): string {
  return `${b64({ ...header, alg: 'none' })}.${b64(payload)}.${signature}`;
}
