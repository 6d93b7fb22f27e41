// createTokenVerifier: Portcullis access tokens (RFC 9068 JWTs) checked locally against the
// issuer's published keys, for MCP servers that accept platform tokens directly.
import { createRemoteJWKSet, customFetch, errors, jwtVerify, type JWTPayload } from 'jose';
import { fetchAuthorizationServerMetadata, type FetchLike } from '../shared/as-metadata.js';
import { parseSecureUrl } from '../shared/urls.js';
import { TokenVerificationError } from './errors.js';
import { VerifiedTokenCache } from './verified-cache.js';

/** The signature algorithms Portcullis signs with. `none` and HMAC (HS*) are never accepted. */
export const VERIFIER_ALGORITHMS = ['ES256', 'EdDSA', 'RS256'] as const;
export type VerifierAlgorithm = (typeof VERIFIER_ALGORITHMS)[number];

export interface TokenVerifierOptions {
  /** The tenant's issuer, exactly as in its tokens (`https://host/t/<tenant>`). */
  issuer: string;
  /** This server's resource URI (its gateway URL at Portcullis): the tokens' `aud`. One or several. */
  audience: string | readonly string[];
  /** The key set's URL; by default the issuer's metadata says (`jwks_uri`). */
  jwksUri?: string;
  /** A subset of ES256, EdDSA, RS256. Default: all three. */
  algorithms?: readonly VerifierAlgorithm[];
  /** Tolerated clock difference for exp and nbf, in seconds. Default 5, at most 300. */
  clockToleranceSeconds?: number;
  /** Least time between two key set fetches caused by an unknown `kid`. Default 30 s. */
  jwksCooldownSeconds?: number;
  /** The key set is fetched again once it is this old. Default 600 s. */
  jwksMaxAgeSeconds?: number;
  /** How many verified tokens to remember until they expire (0: none). Default 10,000. */
  cacheSize?: number;
  /** Allow plain http off loopback for the issuer and key set (never in production). */
  allowInsecureHttp?: boolean;
  /** The fetch for metadata and keys (default: global fetch). */
  fetch?: FetchLike;
}

export interface VerifiedToken {
  /** The raw token. Never pass it on to another service (no token passthrough). */
  token: string;
  /** The agent: its OAuth client id. */
  clientId: string;
  subject: string;
  scopes: string[];
  issuer: string;
  /** The audience that matched (this server's resource URI). */
  audience: string;
  /** Epoch seconds. */
  expiresAt: number;
  notBefore?: number;
  issuedAt?: number;
  /** `jti`. */
  tokenId?: string;
  claims: JWTPayload;
}

export interface TokenVerifier {
  readonly issuer: string;
  readonly audiences: readonly string[];
  /** Resolves with the agent and its scopes, or rejects with a TokenVerificationError. */
  verify(token: string): Promise<VerifiedToken>;
}

// RFC 9068 section 2.2: what every access token carries (iss and aud are checked by value).
const REQUIRED_CLAIMS = ['exp', 'iat', 'sub', 'client_id', 'jti'];
// Platform tokens are well under 2 KiB; anything much larger is refused before parsing.
const MAX_TOKEN_LENGTH = 8192;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

function checkOptions(options: TokenVerifierOptions) {
  const insecure = options.allowInsecureHttp ?? false;
  if (typeof options.issuer !== 'string') throw new TypeError('issuer is required');
  parseSecureUrl(options.issuer, 'issuer', insecure);
  const audiences = typeof options.audience === 'string' ? [options.audience] : [...(options.audience ?? [])];
  if (audiences.length === 0 || audiences.some((a) => typeof a !== 'string' || a === ''))
    throw new TypeError('audience is required');
  const algorithms = [...(options.algorithms ?? VERIFIER_ALGORITHMS)];
  const refused = algorithms.filter((a) => !(VERIFIER_ALGORITHMS as readonly string[]).includes(a));
  if (algorithms.length === 0 || refused.length > 0) {
    throw new TypeError(
      `algorithms must be a non-empty subset of ${VERIFIER_ALGORITHMS.join(', ')}${refused.length ? ` (refused: ${refused.join(', ')})` : ''}`,
    );
  }
  const tolerance = options.clockToleranceSeconds ?? 5;
  if (!(tolerance >= 0 && tolerance <= 300))
    throw new TypeError('clockToleranceSeconds must be between 0 and 300');
  if (options.jwksUri !== undefined) parseSecureUrl(options.jwksUri, 'jwksUri', insecure);
  return { insecure, audiences, algorithms, tolerance };
}

function claimReason(claim: string): TokenVerificationError['reason'] {
  if (claim === 'iss') return 'bad_issuer';
  if (claim === 'aud') return 'bad_audience';
  if (claim === 'nbf') return 'not_yet_valid';
  if (claim === 'typ') return 'bad_type';
  return 'missing_claim';
}

/** jose's errors as rejection reasons; the message says which check failed. */
function rejection(error: unknown): TokenVerificationError {
  if (error instanceof TokenVerificationError) return error;
  if (error instanceof errors.JWTExpired)
    return new TokenVerificationError('expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    return new TokenVerificationError(
      claimReason(error.claim),
      `the token's ${error.claim} claim is not acceptable (${error.reason})`,
    );
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return new TokenVerificationError(
      'bad_algorithm',
      'the token is signed with an algorithm that is not allowed',
    );
  if (error instanceof errors.JWKSNoMatchingKey)
    return new TokenVerificationError('unknown_key', 'no published key matches the token');
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return new TokenVerificationError('bad_signature', 'the token signature does not verify');
  // jose's plain JOSEError (ERR_JOSE_GENERIC) is its key set fetch answering other than 200.
  const keySetFailed = error instanceof errors.JOSEError && error.code === 'ERR_JOSE_GENERIC';
  if (
    keySetFailed ||
    error instanceof errors.JWKSTimeout ||
    error instanceof errors.JWKSInvalid ||
    error instanceof TypeError
  ) {
    return new TokenVerificationError('keys_unavailable', "the issuer's keys could not be fetched");
  }
  if (error instanceof errors.JOSEError)
    return new TokenVerificationError('malformed', `the token is not a valid JWT (${error.code})`);
  return new TokenVerificationError(
    'keys_unavailable',
    `the token could not be checked: ${error instanceof Error ? error.message : String(error)}`,
  );
}

/** A verifier for one issuer and this server's audience(s). Keys are fetched on first use. */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const { insecure, audiences, algorithms, tolerance } = checkOptions(options);
  const fetchFn: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const cache = new VerifiedTokenCache<VerifiedToken>(options.cacheSize ?? 10_000);
  let keySet: Promise<ReturnType<typeof createRemoteJWKSet>> | undefined;

  const loadKeySet = () => {
    keySet ??= (async () => {
      const uri =
        options.jwksUri ??
        (await fetchAuthorizationServerMetadata(options.issuer, fetchFn, insecure)).jwksUri;
      if (!uri) throw new TypeError(`the metadata of ${options.issuer} has no jwks_uri`);
      return createRemoteJWKSet(parseSecureUrl(uri, 'jwks_uri', insecure), {
        cooldownDuration: (options.jwksCooldownSeconds ?? 30) * 1000,
        cacheMaxAge: (options.jwksMaxAgeSeconds ?? 600) * 1000,
        [customFetch]: (url: string, init: RequestInit) => fetchFn(url, { ...init, redirect: 'error' }),
      });
    })();
    // A failed discovery is not kept: the next token tries again.
    keySet.catch(() => (keySet = undefined));
    return keySet;
  };

  async function verifySignedToken(token: string): Promise<VerifiedToken> {
    const { payload } = await jwtVerify(token, await loadKeySet(), {
      issuer: options.issuer,
      audience: audiences,
      algorithms,
      typ: 'at+jwt',
      clockTolerance: tolerance,
      requiredClaims: REQUIRED_CLAIMS,
    });
    const { client_id: clientId, sub, scope, aud, nbf, iat, jti, exp } = payload;
    if (typeof clientId !== 'string' || clientId === '' || typeof sub !== 'string') {
      throw new TokenVerificationError('missing_claim', 'the token has no client_id or sub');
    }
    if (scope !== undefined && typeof scope !== 'string')
      throw new TokenVerificationError('missing_claim', "the token's scope is not a string");
    const audience = (Array.isArray(aud) ? aud : [aud]).find(
      (a): a is string => typeof a === 'string' && audiences.includes(a),
    )!;
    return {
      token,
      clientId,
      subject: sub,
      scopes: scope ? scope.split(' ').filter(Boolean) : [],
      issuer: options.issuer,
      audience,
      expiresAt: exp!,
      notBefore: nbf,
      issuedAt: iat,
      tokenId: jti,
      claims: payload,
    };
  }

  return {
    issuer: options.issuer,
    audiences,
    async verify(token: string): Promise<VerifiedToken> {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(token)) {
        throw new TokenVerificationError('malformed', 'the token is not a compact JWT');
      }
      const nowS = Date.now() / 1000;
      const cached = cache.get(token, nowS, tolerance);
      if (cached === 'expired') throw new TokenVerificationError('expired', 'the token has expired');
      if (cached === 'not_yet_valid')
        throw new TokenVerificationError('not_yet_valid', 'the token is not valid yet');
      if (cached) return cached;
      let verified: VerifiedToken;
      try {
        verified = await verifySignedToken(token);
      } catch (error) {
        throw rejection(error);
      }
      cache.set(token, verified);
      return verified;
    },
  };
}
