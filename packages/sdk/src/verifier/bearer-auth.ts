// The request side shared by every middleware: read one Bearer token, verify it, check scopes,
// and say what to answer: the agent, or a status with its WWW-Authenticate challenge.
import { formatBearerChallenge } from '../shared/www-authenticate.js';
import type { TokenVerifier, VerifiedToken } from './create-token-verifier.js';
import { TokenVerificationError } from './errors.js';

export interface BearerAuthOptions {
  /** This server's RFC 9728 metadata URL, named in every challenge so clients can discover the issuer. */
  resourceMetadataUrl?: string;
  /** Scopes every request needs (all of them); a token without them gets 403 insufficient_scope. */
  requiredScopes?: readonly string[];
}

/** The MCP SDK's AuthInfo: set as `req.auth`, its transports hand it to tool handlers as `extra.authInfo`. */
export interface McpAuthInfo {
  token: string;
  clientId: string;
  scopes: string[];
  expiresAt: number;
  resource: URL;
  extra: { subject: string; issuer: string; tokenId?: string };
}

export type BearerAuthOutcome =
  | { ok: true; token: VerifiedToken; authInfo: McpAuthInfo }
  | {
      ok: false;
      status: 400 | 401 | 403 | 503;
      headers: Record<string, string>;
      body: { error: string; error_description: string };
    };

export function toMcpAuthInfo(token: VerifiedToken): McpAuthInfo {
  return {
    token: token.token,
    clientId: token.clientId,
    scopes: token.scopes,
    expiresAt: token.expiresAt,
    resource: new URL(token.audience),
    extra: { subject: token.subject, issuer: token.issuer, tokenId: token.tokenId },
  };
}

function refuse(
  status: 400 | 401 | 403 | 503,
  error: string | undefined,
  description: string,
  options: BearerAuthOptions,
): BearerAuthOutcome {
  const challenge = formatBearerChallenge({
    ...(error ? { error, error_description: description } : {}),
    scope: options.requiredScopes?.length ? options.requiredScopes.join(' ') : undefined,
    resource_metadata: options.resourceMetadataUrl,
  });
  const headers: Record<string, string> = { 'www-authenticate': challenge, 'cache-control': 'no-store' };
  if (status === 503) headers['retry-after'] = '5';
  return {
    ok: false,
    status,
    headers,
    body: { error: error ?? 'invalid_token', error_description: description },
  };
}

/**
 * `authorization` is every Authorization header of the request: two of them are refused, since
 * proxies and frameworks disagree on which one counts.
 */
export async function authenticateBearer(
  verifier: TokenVerifier,
  authorization: string | readonly string[] | undefined,
  options: BearerAuthOptions = {},
): Promise<BearerAuthOutcome> {
  const values =
    authorization === undefined ? [] : typeof authorization === 'string' ? [authorization] : authorization;
  if (values.length === 0) return refuse(401, undefined, 'An access token is required.', options);
  if (values.length > 1) return refuse(400, 'invalid_request', 'Send one Authorization header.', options);
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(values[0]!);
  if (!match)
    return refuse(401, 'invalid_token', "The Authorization header must be 'Bearer <token>'.", options);
  let token: VerifiedToken;
  try {
    token = await verifier.verify(match[1]!);
  } catch (error) {
    if (!(error instanceof TokenVerificationError)) throw error;
    if (error.reason === 'keys_unavailable') return refuse(503, error.oauthError, error.message, options);
    return refuse(401, 'invalid_token', error.message, options);
  }
  const missing = (options.requiredScopes ?? []).filter((s) => !token.scopes.includes(s));
  if (missing.length > 0)
    return refuse(403, 'insufficient_scope', `The token lacks the scope ${missing.join(' ')}.`, options);
  return { ok: true, token, authInfo: toMcpAuthInfo(token) };
}

/** Every Authorization header of a node request (`req.headers` keeps only the first). */
export function authorizationHeaders(
  rawHeaders: readonly string[] | undefined,
  fallback: string | undefined,
): string[] {
  if (!rawHeaders) return fallback === undefined ? [] : [fallback];
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === 'authorization') values.push(rawHeaders[i + 1]!);
  }
  return values;
}
