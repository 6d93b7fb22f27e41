// One error type for everything that can go wrong while an agent gets a token.

export type AgentAuthErrorCode =
  /** The gateway, its resource metadata or the issuer's metadata could not be read or did not add up. */
  | 'discovery_failed'
  /** The token endpoint refused the request (the OAuth `error` is in `oauthError`). */
  | 'token_refused'
  /** The token endpoint answered, but not with a usable bearer token. */
  | 'invalid_token_response'
  /** Transient failures (network, 429, 5xx) outlasted the retries, or Retry-After asked for too long. */
  | 'unavailable';

export class AgentAuthError extends Error {
  override readonly name = 'AgentAuthError';

  constructor(
    readonly code: AgentAuthErrorCode,
    message: string,
    readonly details: { status?: number; oauthError?: string; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  /** HTTP status of the answer that ended the attempt, when there was one. */
  get status(): number | undefined {
    return this.details.status;
  }

  /** The OAuth error code of a refusal (`invalid_client`, `invalid_scope`, `invalid_target`, ...). */
  get oauthError(): string | undefined {
    return this.details.oauthError;
  }
}
