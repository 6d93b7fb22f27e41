// RFC 9068 JWT access tokens: issuance with a cached node:crypto signer and a strict verifier
// (jose).
import { compactVerify } from 'jose';
import type { CryptoKey } from 'jose';
import {
  JwsShapeError,
  checkAlgorithmList,
  isNonEmptyString,
  isNumericDate,
  keyFitsAlg,
  parseClaims,
  readJwsHeader,
} from './jwt-header';
import { signCompactJws } from './jws-signer';
import { normalizeResource } from './resource';
import { pooledRandomBytes } from './secrets';
import { isScopeToken } from './scopes';
import { SIGNING_ALGS } from './signing-keys';
import type { ActiveSigningKey, SigningAlg } from './signing-keys';

export const ACCESS_TOKEN_TYP = 'at+jwt';

export interface AccessTokenClaims {
  iss: string;
  /**
   * For client_credentials the client is the subject (sub = client_id, RFC 9068 §2.2); for a
   * person's authorization, the person (their user id), so sub differs from client_id.
   */
  sub: string;
  /** The one resource URI the token is for. */
  aud: string;
  client_id: string;
  /** Space-separated; empty when the token carries no scope. */
  scope: string;
  jti: string;
  iat: number;
  exp: number;
  nbf?: number;
}

export interface IssueAccessTokenInput {
  issuer: string;
  clientId: string;
  /** The subject when it is not the client itself: the person a client acts for (authorization code). */
  subject?: string;
  /** Exactly one resource URI, in canonical form (see normalizeResource). */
  audience: string;
  scopes: readonly string[];
  lifetimeSec: number;
  now?: Date;
  /** Add nbf = iat. Off by default: iat already says it, and verifiers honour nbf if present. */
  includeNotBefore?: boolean;
}

export interface IssuedAccessToken {
  token: string;
  claims: AccessTokenClaims;
  expiresAt: Date;
}

/**
 * Sign an access token. No key import or parsing here: `key` comes from KeyRing.activeKey().
 * Header `{ alg, kid, typ: "at+jwt" }`, claims in the order of AccessTokenClaims.
 */
export async function issueAccessToken(
  key: ActiveSigningKey,
  input: IssueAccessTokenInput,
): Promise<IssuedAccessToken> {
  if (!isNonEmptyString(input.issuer) || !isNonEmptyString(input.clientId, 1024))
    throw new TypeError('issuer and clientId are required');
  if (
    input.subject !== undefined &&
    (!isNonEmptyString(input.subject, 255) || input.subject === input.clientId)
  )
    throw new TypeError('a subject must differ from the client');
  if (normalizeResource(input.audience) !== input.audience)
    throw new TypeError('audience must be a canonical resource URI (normalizeResource)');
  if (!Number.isInteger(input.lifetimeSec) || input.lifetimeSec <= 0)
    throw new RangeError('lifetimeSec must be a positive integer');
  for (const s of input.scopes)
    if (!isScopeToken(s)) throw new TypeError('scopes must be RFC 6749 scope tokens');
  const iat = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const claims: AccessTokenClaims = {
    iss: input.issuer,
    sub: input.subject ?? input.clientId,
    aud: input.audience,
    client_id: input.clientId,
    scope: [...new Set(input.scopes)].join(' '),
    jti: pooledRandomBytes(16).toString('base64url'), // 128 random bits: unguessable and unique enough for a deny-list key
    iat,
    exp: iat + input.lifetimeSec,
    ...(input.includeNotBefore && { nbf: iat }),
  };
  const token = await signCompactJws(
    key.signer,
    { alg: key.alg, kid: key.kid, typ: ACCESS_TOKEN_TYP },
    claims,
  );
  return { token, claims, expiresAt: new Date(claims.exp * 1000) };
}

export type TokenErrorCode =
  | 'malformed'
  | 'bad_header'
  | 'bad_alg'
  | 'bad_typ'
  | 'unknown_kid'
  | 'bad_signature'
  | 'bad_claims'
  | 'bad_issuer'
  | 'bad_audience'
  | 'expired'
  | 'not_yet_valid';

/** An access token was refused. The message is safe to log: it never contains the token. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    readonly code: TokenErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyAccessTokenOptions {
  issuer: string;
  /** This resource server's canonical resource URI. */
  audience: string;
  /** Our own key lookup (KeyRing.verificationKey). The only place a key can come from. */
  keys: (kid: string) => CryptoKey | undefined;
  /** Allowed algorithms; default ES256, EdDSA, RS256. Never none or HS*. */
  algorithms?: readonly SigningAlg[];
  /** Default 60 seconds. */
  clockToleranceSec?: number;
  now?: Date;
}

export interface VerifiedAccessToken {
  claims: AccessTokenClaims;
  scopes: string[];
  kid: string;
  alg: SigningAlg;
}

/**
 * Verify an access token for this resource server. Audience: a string equal to `audience`,
 * or an array holding exactly that one string. A multi-audience array is refused even if it
 * contains us (RFC 9068 allows it): such a token is usable at every listed resource, each of
 * which could replay it at the others, and our issuer never mints one. Comparison is exact;
 * callers pass their canonical resource URI.
 */
export async function verifyAccessToken(
  token: string,
  options: VerifyAccessTokenOptions,
): Promise<VerifiedAccessToken> {
  // A missing issuer or audience would make the comparisons below pass for tokens without one.
  if (!isNonEmptyString(options.issuer) || !isNonEmptyString(options.audience))
    throw new TypeError('issuer and audience are required');
  const allowed = checkAlgorithmList(options.algorithms ?? SIGNING_ALGS, SIGNING_ALGS);
  const tolerance = options.clockToleranceSec ?? 60;
  if (!Number.isFinite(tolerance) || tolerance < 0)
    throw new RangeError('clockToleranceSec must be non-negative');

  let header;
  try {
    header = readJwsHeader(token);
  } catch (e) {
    if (e instanceof JwsShapeError) throw new TokenError(e.code, e.message);
    throw e;
  }
  if (!allowed.has(header.alg)) throw new TokenError('bad_alg', 'token alg is not allowed');
  if (typeof header.typ !== 'string' || normalizeTyp(header.typ) !== ACCESS_TOKEN_TYP)
    throw new TokenError('bad_typ', 'token typ is not at+jwt');
  if (!header.kid) throw new TokenError('unknown_kid', 'token has no kid');
  const key = options.keys(header.kid);
  if (!key) throw new TokenError('unknown_kid', 'token kid is not a current signing key');
  if (!keyFitsAlg(key, header.alg))
    throw new TokenError('bad_alg', 'token alg does not match the key named by its kid');

  let payload: Uint8Array;
  try {
    ({ payload } = await compactVerify(token, key, { algorithms: [header.alg] }));
  } catch {
    throw new TokenError('bad_signature', 'token signature is invalid');
  }
  const claims = checkClaims(parseClaims(payload), options, tolerance);
  return {
    claims,
    scopes: claims.scope ? claims.scope.split(' ') : [],
    kid: header.kid,
    alg: header.alg as SigningAlg,
  };
}

// MIME types are case-insensitive and `application/` may be omitted (RFC 7515 §4.1.9).
function normalizeTyp(typ: string): string {
  const t = typ.toLowerCase();
  return t.startsWith('application/') ? t.slice('application/'.length) : t;
}

function checkClaims(
  c: Record<string, unknown> | undefined,
  options: VerifyAccessTokenOptions,
  tolerance: number,
): AccessTokenClaims {
  if (!c) throw new TokenError('malformed', 'token payload is not a JSON object');
  for (const name of ['sub', 'client_id', 'jti'] as const) {
    if (!isNonEmptyString(c[name])) throw new TokenError('bad_claims', `token has no valid ${name}`);
  }
  if (c.scope !== undefined && typeof c.scope !== 'string')
    throw new TokenError('bad_claims', 'token scope is not a string');
  for (const name of ['exp', 'iat'] as const) {
    if (!isNumericDate(c[name])) throw new TokenError('bad_claims', `token has no valid ${name}`);
  }
  if (c.nbf !== undefined && !isNumericDate(c.nbf))
    throw new TokenError('bad_claims', 'token nbf is not a number');
  if (c.iss !== options.issuer) throw new TokenError('bad_issuer', 'token issuer is not the expected issuer');
  const aud = c.aud;
  const audOk =
    aud === options.audience || (Array.isArray(aud) && aud.length === 1 && aud[0] === options.audience);
  if (!audOk) throw new TokenError('bad_audience', 'token is not for this resource');

  const now = (options.now ?? new Date()).getTime() / 1000;
  if ((c.exp as number) <= now - tolerance) throw new TokenError('expired', 'token has expired');
  if (c.nbf !== undefined && (c.nbf as number) > now + tolerance)
    throw new TokenError('not_yet_valid', 'token is not valid yet (nbf)');
  if ((c.iat as number) > now + tolerance)
    throw new TokenError('not_yet_valid', 'token was issued in the future (iat)');
  return {
    ...(c as unknown as AccessTokenClaims),
    aud: options.audience,
    scope: (c.scope as string | undefined) ?? '',
  };
}
