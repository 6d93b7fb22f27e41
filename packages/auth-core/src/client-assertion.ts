// RFC 7523 private_key_jwt: verify a client assertion against the client's registered keys.
import { createHash } from 'node:crypto';
import { compactVerify, importJWK } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import {
  JwsShapeError,
  checkAlgorithmList,
  isNonEmptyString,
  isNumericDate,
  parseClaims,
  readJwsHeader,
} from './jwt-header';
import type { ReplayStore } from './replay-store';

export const CLIENT_ASSERTION_ALGS = ['RS256', 'ES256', 'EdDSA', 'PS256'] as const;
export type ClientAssertionAlg = (typeof CLIENT_ASSERTION_ALGS)[number];

export type ClientAssertionErrorCode =
  | 'malformed'
  | 'bad_header'
  | 'bad_alg'
  | 'bad_typ'
  | 'unknown_key'
  | 'bad_signature'
  | 'bad_claims'
  | 'bad_issuer'
  | 'client_mismatch'
  | 'bad_audience'
  | 'expired'
  | 'exp_too_far'
  | 'not_yet_valid'
  | 'replayed';

/** A client assertion was refused (the token endpoint answers invalid_client). Never echoes the JWT. */
export class ClientAssertionError extends Error {
  override readonly name = 'ClientAssertionError';
  constructor(
    readonly code: ClientAssertionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyClientAssertionOptions {
  /** The client's registered public keys. */
  clientKeys: readonly JWK[];
  /** Accepted aud values: the issuer (what the MCP TS SDK sends) and the token endpoint URL. */
  expectedAudiences: readonly string[];
  replay: ReplayStore;
  now?: Date;
  /** Longest accepted exp - now. Default 300. */
  maxLifetimeSec?: number;
  /** Default 60. */
  clockSkewSec?: number;
  algorithms?: readonly ClientAssertionAlg[];
  /** When the request also named a client_id, it must be the assertion's. */
  clientId?: string;
}

export interface VerifiedClientAssertion {
  clientId: string;
  jti: string;
  expiresAt: Date;
  alg: ClientAssertionAlg;
  /** kid of the registered key that verified it, when that key has one. */
  kid?: string;
}

const MAX_CLIENT_ID = 255;
const MAX_JTI = 256;
const MAX_CANDIDATE_KEYS = 10; // bounds the signature checks one assertion can cost
const ACCEPTED_TYP = new Set(['jwt', 'client-authentication+jwt']); // the latter from draft-ietf-oauth-rfc7523bis

/**
 * The client_id an assertion claims (iss = sub), read without verifying, to find the client
 * and its keys. Undefined unless iss and sub are equal non-empty strings. Trust nothing else.
 */
export function peekClientId(jwt: string): string | undefined {
  try {
    readJwsHeader(jwt);
    const claims = parseClaims(Buffer.from(jwt.split('.')[1] as string, 'base64url'));
    const { iss, sub } = claims ?? {};
    return isNonEmptyString(sub, MAX_CLIENT_ID) && iss === sub ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verify a private_key_jwt assertion. When the header has a kid, keys registered with that
 * kid are tried (or, if none has it, the keys registered without a kid); without a kid every
 * registered key fitting the alg is tried, as the MCP SDK sends none. `aud` must be one
 * string equal to an expected audience (an array is refused). The jti is recorded last, so a
 * refused assertion does not burn it.
 */
export async function verifyClientAssertion(
  jwt: string,
  options: VerifyClientAssertionOptions,
): Promise<VerifiedClientAssertion> {
  const allowed = checkAlgorithmList(options.algorithms ?? CLIENT_ASSERTION_ALGS, CLIENT_ASSERTION_ALGS);
  if (
    options.expectedAudiences.length === 0 ||
    !options.expectedAudiences.every((a) => isNonEmptyString(a))
  ) {
    throw new TypeError('expectedAudiences must list the issuer and/or token endpoint URL');
  }
  const maxLifetime = options.maxLifetimeSec ?? 300;
  const skew = options.clockSkewSec ?? 60;

  let header;
  try {
    header = readJwsHeader(jwt);
  } catch (e) {
    if (e instanceof JwsShapeError) throw new ClientAssertionError(e.code, e.message);
    throw e;
  }
  const alg = header.alg as ClientAssertionAlg;
  if (!allowed.has(alg)) throw new ClientAssertionError('bad_alg', 'assertion alg is not allowed');
  if (header.typ !== undefined && !ACCEPTED_TYP.has(header.typ.toLowerCase().replace(/^application\//, ''))) {
    throw new ClientAssertionError('bad_typ', 'assertion typ is not JWT');
  }

  const candidates = candidateKeys(options.clientKeys, alg, header.kid);
  if (candidates.length === 0)
    throw new ClientAssertionError('unknown_key', 'no registered key of the client fits the assertion');
  const verified = await verifyWithAny(jwt, alg, candidates);
  const claims = parseClaims(verified.payload);
  if (!claims) throw new ClientAssertionError('malformed', 'assertion payload is not a JSON object');

  const { iss, sub, aud, exp, nbf, iat, jti } = claims;
  if (!isNonEmptyString(sub, MAX_CLIENT_ID))
    throw new ClientAssertionError('bad_claims', 'assertion has no valid sub');
  if (iss !== sub)
    throw new ClientAssertionError('bad_issuer', 'assertion iss must equal sub (the client_id)');
  if (options.clientId !== undefined && options.clientId !== sub)
    throw new ClientAssertionError('client_mismatch', 'assertion is for another client');
  if (typeof aud !== 'string')
    throw new ClientAssertionError('bad_audience', 'assertion aud must be a single string');
  if (!options.expectedAudiences.includes(aud))
    throw new ClientAssertionError(
      'bad_audience',
      'assertion aud is neither the issuer nor the token endpoint',
    );
  if (!isNonEmptyString(jti, MAX_JTI))
    throw new ClientAssertionError('bad_claims', 'assertion has no valid jti');
  if (!isNumericDate(exp)) throw new ClientAssertionError('bad_claims', 'assertion has no valid exp');
  if ((nbf !== undefined && !isNumericDate(nbf)) || (iat !== undefined && !isNumericDate(iat))) {
    throw new ClientAssertionError('bad_claims', 'assertion nbf or iat is not a number');
  }

  const now = (options.now ?? new Date()).getTime() / 1000;
  if (exp <= now - skew) throw new ClientAssertionError('expired', 'assertion has expired');
  if (exp > now + maxLifetime + skew)
    throw new ClientAssertionError('exp_too_far', `assertion exp is more than ${maxLifetime} s ahead`);
  if (nbf !== undefined && nbf > now + skew)
    throw new ClientAssertionError('not_yet_valid', 'assertion is not valid yet (nbf)');
  if (iat !== undefined && iat > now + skew)
    throw new ClientAssertionError('not_yet_valid', 'assertion was issued in the future (iat)');

  // Remember the jti until the assertion could no longer be accepted anyway.
  const ttl = Math.ceil(exp - now + skew);
  if (!(await options.replay.markIfNew(replayKey(options.expectedAudiences[0] as string, sub, jti), ttl))) {
    throw new ClientAssertionError('replayed', 'assertion jti has been used before');
  }
  return {
    clientId: sub,
    jti,
    expiresAt: new Date(exp * 1000),
    alg,
    ...(verified.kid !== undefined && { kid: verified.kid }),
  };
}

// Unambiguous and fixed-length whatever the issuer, client_id and jti contain.
function replayKey(issuer: string, clientId: string, jti: string): string {
  return (
    'pkjwt:' +
    createHash('sha256')
      .update(JSON.stringify([issuer, clientId, jti]))
      .digest('base64url')
  );
}

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

function fitsAlg(jwk: JWK, alg: string): boolean {
  switch (alg) {
    case 'ES256':
      return jwk.kty === 'EC' && jwk.crv === 'P-256';
    case 'EdDSA':
      return jwk.kty === 'OKP' && jwk.crv === 'Ed25519';
    case 'RS256':
    case 'PS256':
      return jwk.kty === 'RSA';
    default:
      return false;
  }
}

function candidateKeys(keys: readonly JWK[], alg: string, kid: string | undefined): JWK[] {
  const usable = keys.filter(
    (k) =>
      typeof k === 'object' &&
      k !== null &&
      !PRIVATE_MEMBERS.some((m) => m in k) && // a registered key must be public; never a shared secret
      (k.use === undefined || k.use === 'sig') &&
      (k.key_ops === undefined || k.key_ops.includes('verify')) &&
      (k.alg === undefined || k.alg === alg) &&
      fitsAlg(k, alg),
  );
  if (kid === undefined) return usable.slice(0, MAX_CANDIDATE_KEYS);
  const named = usable.filter((k) => k.kid === kid);
  return (named.length > 0 ? named : usable.filter((k) => k.kid === undefined)).slice(0, MAX_CANDIDATE_KEYS);
}

// Imported keys per registered JWK object: a client cache that keeps its JWK objects imports once.
const imported = new WeakMap<JWK, Map<string, CryptoKey>>();

async function importCached(jwk: JWK, alg: string): Promise<CryptoKey | undefined> {
  let byAlg = imported.get(jwk);
  const hit = byAlg?.get(alg);
  if (hit) return hit;
  try {
    const key = (await importJWK(jwk, alg)) as CryptoKey;
    if (!byAlg) imported.set(jwk, (byAlg = new Map()));
    byAlg.set(alg, key);
    return key;
  } catch {
    return undefined; // An unusable registered key is not a candidate.
  }
}

async function verifyWithAny(
  jwt: string,
  alg: string,
  candidates: JWK[],
): Promise<{ payload: Uint8Array; kid?: string }> {
  let importedAny = false;
  for (const jwk of candidates) {
    const key = await importCached(jwk, alg);
    if (!key) continue;
    importedAny = true;
    try {
      const { payload } = await compactVerify(jwt, key, { algorithms: [alg] });
      return { payload, ...(jwk.kid !== undefined && { kid: jwk.kid }) };
    } catch {
      // try the next key
    }
  }
  if (!importedAny)
    throw new ClientAssertionError('unknown_key', 'no registered key of the client could be used');
  throw new ClientAssertionError(
    'bad_signature',
    'assertion signature does not verify with any registered key',
  );
}
