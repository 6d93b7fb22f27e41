// Express (4 and 5): `app.use('/mcp', expressBearerAuth(verifier, options))`.
import type { IncomingMessage } from 'node:http';
import type { TokenVerifier } from './create-token-verifier.js';
import { authenticateBearer, authorizationHeaders, type BearerAuthOptions } from './bearer-auth.js';

/** What the middleware needs of Express's request and response (no dependency on express itself). */
export interface ExpressLikeRequest extends Pick<IncomingMessage, 'headers' | 'rawHeaders'> {
  /** Set to an McpAuthInfo (the MCP SDK types it as its AuthInfo, which McpAuthInfo satisfies). */
  auth?: unknown;
}
export interface ExpressLikeResponse {
  status(code: number): unknown;
  set(headers: Record<string, string>): unknown;
  json(body: unknown): unknown;
}

export function expressBearerAuth(verifier: TokenVerifier, options: BearerAuthOptions = {}) {
  return (req: ExpressLikeRequest, res: ExpressLikeResponse, next: (error?: unknown) => void): void => {
    authenticateBearer(
      verifier,
      authorizationHeaders(req.rawHeaders, req.headers.authorization),
      options,
    ).then((outcome) => {
      if (outcome.ok) {
        req.auth = outcome.authInfo;
        return next();
      }
      res.status(outcome.status);
      res.set(outcome.headers);
      res.json(outcome.body);
    }, next);
  };
}
