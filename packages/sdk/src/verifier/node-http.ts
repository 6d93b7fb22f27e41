// node:http: `if (!(await auth(req, res))) return;` before handing the request to the MCP transport.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TokenVerifier, VerifiedToken } from './create-token-verifier.js';
import {
  authenticateBearer,
  authorizationHeaders,
  type BearerAuthOptions,
  type McpAuthInfo,
} from './bearer-auth.js';

/** A request that passed: `auth` is what the MCP SDK's transports read (`extra.authInfo`). */
export type AuthenticatedRequest = IncomingMessage & { auth?: McpAuthInfo };

/**
 * Returns the verified token and sets `req.auth`, or answers the request itself (401, 403, 400 or
 * 503 with a WWW-Authenticate challenge) and returns undefined.
 */
export function nodeHttpBearerAuth(verifier: TokenVerifier, options: BearerAuthOptions = {}) {
  return async (req: AuthenticatedRequest, res: ServerResponse): Promise<VerifiedToken | undefined> => {
    const outcome = await authenticateBearer(
      verifier,
      authorizationHeaders(req.rawHeaders, req.headers.authorization),
      options,
    );
    if (outcome.ok) {
      req.auth = outcome.authInfo;
      return outcome.token;
    }
    const body = JSON.stringify(outcome.body);
    res.writeHead(outcome.status, {
      ...outcome.headers,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return undefined;
  };
}
