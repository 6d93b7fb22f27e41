// createAgentAuth's options, checked once: a wrong option is a TypeError naming it, before any request.
import type { FetchLike } from '../shared/as-metadata.js';
import { parseSecureUrl } from '../shared/urls.js';
import { loadPrivateKey, type ClientCredentials, type PrivateKeyInput } from './client-auth.js';
import type { RetryOptions } from './retry.js';

export interface AgentAuthOptions {
  /** An MCP server's URL at the gateway: the issuer, resource and token endpoint are discovered from it. */
  gatewayUrl?: string | URL;
  /** The tenant's issuer (`https://host/t/<tenant>`). With `gatewayUrl`, the issuer discovery must find. */
  issuer?: string | URL;
  clientId: string;
  /** For client_secret_basic / client_secret_post. */
  clientSecret?: string;
  /** For private_key_jwt: PKCS#8 PEM, a private JWK, a KeyObject or a CryptoKey. */
  privateKey?: PrivateKeyInput;
  /** The key's JWS algorithm when its type does not tell (ES256, EdDSA, RS256, PS256). */
  privateKeyAlgorithm?: string;
  /** `kid` of the key, sent in the assertion header. */
  keyId?: string;
  /** Scopes to ask for by default (space-separated or a list); none: the agent's whole grant. */
  scope?: string | readonly string[];
  /** Force one secret method; by default Basic when the server lists it. */
  tokenEndpointAuthMethod?: 'client_secret_basic' | 'client_secret_post';
  /** Refresh a token this many seconds before it expires (at most half its lifetime). Default 60. */
  refreshBeforeExpirySeconds?: number;
  retry?: RetryOptions;
  /** Allow plain http off loopback (never in production: tokens and secrets would travel in clear). */
  allowInsecureHttp?: boolean;
  /** The fetch to use (default: global fetch). */
  fetch?: FetchLike;
  /** Time and waiting, replaceable in tests. */
  clock?: { now(): number; sleep(ms: number): Promise<void>; random?(): number };
}

export interface ResolvedOptions {
  gatewayUrl?: URL;
  issuer?: string;
  credentials: ClientCredentials;
  scope?: string;
  preferredMethod?: 'client_secret_basic' | 'client_secret_post';
  refreshBeforeExpiryMs: number;
  retry: RetryOptions;
  allowInsecureHttp: boolean;
  fetch: FetchLike;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/** Scopes as one space-separated string, sorted and without duplicates (one cache entry per set). */
export function normalizeScope(scope: string | readonly string[] | undefined): string | undefined {
  if (scope === undefined) return undefined;
  const tokens = (typeof scope === 'string' ? scope.split(' ') : [...scope]).filter((s) => s !== '');
  for (const token of tokens) {
    if (!SCOPE_TOKEN.test(token))
      throw new TypeError(`scope ${JSON.stringify(token)} is not a valid scope token (RFC 6749 section 3.3)`);
  }
  return tokens.length === 0 ? undefined : [...new Set(tokens)].sort().join(' ');
}

export function resolveOptions(options: AgentAuthOptions): ResolvedOptions {
  if (typeof options.clientId !== 'string' || options.clientId.trim() === '')
    throw new TypeError('clientId is required');
  const hasSecret = options.clientSecret !== undefined;
  const hasKey = options.privateKey !== undefined;
  if (hasSecret === hasKey) throw new TypeError('give exactly one of clientSecret and privateKey');
  if (hasSecret && (typeof options.clientSecret !== 'string' || options.clientSecret === ''))
    throw new TypeError('clientSecret must be a non-empty string');
  if (hasKey && options.tokenEndpointAuthMethod)
    throw new TypeError('tokenEndpointAuthMethod applies to a client secret, not a private key');
  if (options.gatewayUrl === undefined && options.issuer === undefined)
    throw new TypeError('give gatewayUrl, issuer or both');
  const insecure = options.allowInsecureHttp ?? false;
  const gatewayUrl =
    options.gatewayUrl === undefined ? undefined : parseSecureUrl(options.gatewayUrl, 'gatewayUrl', insecure);
  const issuer = options.issuer === undefined ? undefined : String(options.issuer);
  if (issuer !== undefined) parseSecureUrl(issuer, 'issuer', insecure);
  const refreshBefore = options.refreshBeforeExpirySeconds ?? 60;
  if (!(refreshBefore >= 0)) throw new TypeError('refreshBeforeExpirySeconds must be 0 or more');
  const fetchFn = options.fetch ?? ((input, init) => fetch(input, init));
  return {
    gatewayUrl,
    issuer,
    credentials: {
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      privateKey: hasKey
        ? loadPrivateKey(options.privateKey!, options.privateKeyAlgorithm, options.keyId)
        : undefined,
    },
    scope: normalizeScope(options.scope),
    preferredMethod: options.tokenEndpointAuthMethod,
    refreshBeforeExpiryMs: refreshBefore * 1000,
    retry: options.retry ?? {},
    allowInsecureHttp: insecure,
    fetch: fetchFn,
    now: options.clock ? () => options.clock!.now() : Date.now,
    sleep: options.clock
      ? (ms) => options.clock!.sleep(ms)
      : (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    random: options.clock?.random ? () => options.clock!.random!() : Math.random,
  };
}
