// Checks on a compact JWS made before any key is chosen, shared by the access token and the
// client assertion verifiers. Internal: each verifier maps a problem to its own error type.
import type { CryptoKey } from 'jose';

/** Longer than any token we issue or accept by a wide margin; bounds parsing work. */
export const MAX_JWT_LENGTH = 8192;

/** Asymmetric algorithms any verifier here may be configured with. */
export const VERIFIABLE_ALGS = ['ES256', 'EdDSA', 'RS256', 'PS256'] as const;
export type VerifiableAlg = (typeof VERIFIABLE_ALGS)[number];

// Headers that tell a verifier where to find the key. Keys come only from our own lookup, so
// a token that carries one is either confused or an attack (key injection): refuse it.
const KEY_SOURCE_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'];

export class JwsShapeError extends Error {
  constructor(
    readonly code: 'malformed' | 'bad_header',
    message: string,
  ) {
    super(message);
  }
}

export interface JwsHeader {
  alg: string;
  kid?: string;
  typ?: string;
  [param: string]: unknown;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

/** The protected header of a compact JWS, after shape checks. Never echoes the token. */
export function readJwsHeader(token: unknown): JwsHeader {
  if (typeof token !== 'string' || token.length === 0)
    throw new JwsShapeError('malformed', 'token is not a string');
  if (token.length > MAX_JWT_LENGTH) throw new JwsShapeError('malformed', 'token is too long');
  const parts = token.split('.');
  if (parts.length !== 3 || !parts.every((p) => B64URL.test(p)))
    throw new JwsShapeError('malformed', 'token is not a compact JWS');
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0] as string, 'base64url').toString('utf8'));
  } catch {
    throw new JwsShapeError('malformed', 'token header is not JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header))
    throw new JwsShapeError('malformed', 'token header is not an object');
  const h = header as Record<string, unknown>;
  if (typeof h.alg !== 'string' || h.alg.length === 0)
    throw new JwsShapeError('malformed', 'token header has no alg');
  for (const p of KEY_SOURCE_HEADERS) {
    if (p in h)
      throw new JwsShapeError(
        'bad_header',
        `token header carries "${p}"; keys are never taken from the token`,
      );
  }
  // We understand no extension, so any crit is unknown (RFC 7515 §4.1.11); b64 (RFC 7797) needs crit too.
  if ('crit' in h) throw new JwsShapeError('bad_header', 'token header has a crit parameter');
  if ('b64' in h) throw new JwsShapeError('bad_header', 'token header has a b64 parameter');
  if ('kid' in h && typeof h.kid !== 'string')
    throw new JwsShapeError('malformed', 'token kid is not a string');
  if ('typ' in h && typeof h.typ !== 'string')
    throw new JwsShapeError('malformed', 'token typ is not a string');
  return h as JwsHeader;
}

/** The JSON object a verified JWS payload holds. */
export function parseClaims(payload: Uint8Array): Record<string, unknown> | undefined {
  try {
    const claims: unknown = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
    return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Validate a configured allow-list: asymmetric algorithms only, never none or HS*. */
export function checkAlgorithmList(
  algorithms: readonly string[],
  allowed: readonly string[] = VERIFIABLE_ALGS,
): ReadonlySet<string> {
  if (algorithms.length === 0) throw new TypeError('algorithm allow-list is empty');
  for (const alg of algorithms) {
    if (!allowed.includes(alg))
      throw new TypeError(
        `algorithm ${alg} may not be allowed here (asymmetric algorithms only, never none or HS*)`,
      );
  }
  return new Set(algorithms);
}

/** Whether a CryptoKey is of the kind `alg` signs with (guards against key/alg confusion). */
export function keyFitsAlg(key: CryptoKey, alg: string): boolean {
  const a = key.algorithm as { name: string; namedCurve?: string; hash?: { name: string } };
  switch (alg) {
    case 'ES256':
      return a.name === 'ECDSA' && a.namedCurve === 'P-256';
    case 'EdDSA':
      return a.name === 'Ed25519';
    case 'RS256':
      return a.name === 'RSASSA-PKCS1-v1_5' && a.hash?.name === 'SHA-256';
    case 'PS256':
      return a.name === 'RSA-PSS' && a.hash?.name === 'SHA-256';
    default:
      return false;
  }
}

export const isNumericDate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isNonEmptyString = (v: unknown, max = 1024): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;
