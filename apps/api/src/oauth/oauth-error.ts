// RFC 6749 §5.2 errors, and the one way the OAuth endpoints answer them.
import type { FastifyReply } from 'fastify';

export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'temporarily_unavailable'
  | 'access_denied'
  | 'server_error';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  invalid_target: 400,
  temporarily_unavailable: 503,
  access_denied: 403,
  server_error: 500,
};

export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly options: { status?: number; basicChallenge?: boolean; retryAfterSec?: number } = {},
  ) {
    super(description);
  }

  get status(): number {
    return this.options.status ?? STATUS[this.error];
  }
}

/** The same body for every failed client authentication: nothing tells which part was wrong. */
export const clientAuthFailed = (basic: boolean) =>
  new OAuthError('invalid_client', 'Client authentication failed.', { basicChallenge: basic });

export function sendOAuthError(reply: FastifyReply, e: OAuthError, issuer?: string): void {
  if (e.error === 'invalid_client' && e.options.basicChallenge) {
    reply.header('WWW-Authenticate', `Basic realm="${issuer ?? 'portcullis'}", charset="UTF-8"`);
  }
  if (e.options.retryAfterSec !== undefined) reply.header('Retry-After', String(e.options.retryAfterSec));
  void reply
    .status(e.status)
    .header('Cache-Control', 'no-store')
    .header('Pragma', 'no-cache')
    .send({ error: e.error, error_description: e.description });
}
