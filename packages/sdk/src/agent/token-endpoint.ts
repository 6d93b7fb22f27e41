// One client_credentials request to the token endpoint, and what its answer means.
import type { AuthorizationServerMetadata, FetchLike } from '../shared/as-metadata.js';
import { readJsonObject } from '../shared/json.js';
import {
  applyClientAuthentication,
  type ClientCredentials,
  type TokenEndpointAuthMethod,
} from './client-auth.js';
import { AgentAuthError } from './errors.js';
import { fetchWithRetry, type RetryEnvironment, type RetryOptions } from './retry.js';

export interface TokenSet {
  accessToken: string;
  /** Epoch milliseconds. */
  expiresAt: number;
  /** Scopes granted, when the server said (space-separated). */
  scope?: string;
  /** The resource the token is for (its audience), when one was requested. */
  resource?: string;
}

export interface TokenRequest {
  server: AuthorizationServerMetadata;
  credentials: ClientCredentials;
  method: TokenEndpointAuthMethod;
  resource?: string;
  scope?: string;
}

export interface TokenEndpointContext {
  fetch: FetchLike;
  retry: RetryOptions;
  env: RetryEnvironment;
  now: () => number;
  /** Lifetime assumed when the answer carries no expires_in. */
  defaultLifetimeMs: number;
}

async function buildInit(request: TokenRequest): Promise<RequestInit> {
  const params = new URLSearchParams({ grant_type: 'client_credentials' });
  if (request.resource !== undefined) params.set('resource', request.resource);
  if (request.scope) params.set('scope', request.scope);
  const headers = new Headers({
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  });
  await applyClientAuthentication(
    request.credentials,
    request.method,
    headers,
    params,
    request.server.issuer,
  );
  return { method: 'POST', headers, body: params.toString(), redirect: 'error' };
}

async function refusal(response: Response): Promise<AgentAuthError> {
  let oauthError: string | undefined;
  let description = '';
  try {
    const body = await readJsonObject(response, 'token error');
    if (typeof body.error === 'string') oauthError = body.error;
    if (typeof body.error_description === 'string') description = `: ${body.error_description.slice(0, 300)}`;
  } catch {
    // Not an OAuth error document: the status says enough.
  }
  if (response.status === 429 || response.status >= 500) {
    return new AgentAuthError(
      'unavailable',
      `the token endpoint is unavailable (HTTP ${response.status}${oauthError ? `, ${oauthError}` : ''})`,
      {
        status: response.status,
        oauthError,
      },
    );
  }
  return new AgentAuthError(
    'token_refused',
    `the token endpoint refused the request (HTTP ${response.status}, ${oauthError ?? 'no OAuth error'})${description}`,
    {
      status: response.status,
      oauthError,
    },
  );
}

/** Requests a token; transient failures are retried, a refusal (400, 401, ...) is thrown at once. */
export async function requestToken(request: TokenRequest, ctx: TokenEndpointContext): Promise<TokenSet> {
  let response: Response;
  try {
    // Built anew per attempt: a fresh assertion (new jti), since a server may have seen the last one.
    response = await fetchWithRetry(
      ctx.fetch,
      request.server.tokenEndpoint,
      () => buildInit(request),
      ctx.retry,
      ctx.env,
    );
  } catch (error) {
    if (error instanceof AgentAuthError) throw error;
    throw new AgentAuthError(
      'unavailable',
      `the token endpoint could not be reached: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (!response.ok) throw await refusal(response);
  let body: Record<string, unknown>;
  try {
    body = await readJsonObject(response, 'token response');
  } catch (error) {
    throw new AgentAuthError('invalid_token_response', (error as Error).message, { status: response.status });
  }
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn, scope } = body;
  if (typeof accessToken !== 'string' || accessToken === '')
    throw new AgentAuthError('invalid_token_response', 'the token response has no access_token');
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') {
    throw new AgentAuthError(
      'invalid_token_response',
      `the token response's token_type is ${JSON.stringify(tokenType)}, not Bearer`,
    );
  }
  if (expiresIn !== undefined && (typeof expiresIn !== 'number' || !(expiresIn > 0))) {
    throw new AgentAuthError(
      'invalid_token_response',
      `the token response's expires_in is ${JSON.stringify(expiresIn)}`,
    );
  }
  return {
    accessToken,
    expiresAt: ctx.now() + (typeof expiresIn === 'number' ? expiresIn * 1000 : ctx.defaultLifetimeMs),
    scope: typeof scope === 'string' ? scope : undefined,
    resource: request.resource,
  };
}
