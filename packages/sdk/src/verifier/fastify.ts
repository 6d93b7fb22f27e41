// Fastify: `app.addHook('onRequest', fastifyBearerAuth(verifier, options))`, in the scope of the MCP routes.
import type { IncomingMessage } from 'node:http';
import type { TokenVerifier } from './create-token-verifier.js';
import { authenticateBearer, authorizationHeaders, type BearerAuthOptions } from './bearer-auth.js';

/** What the hook needs of Fastify's request and reply (no dependency on fastify itself). */
export interface FastifyLikeRequest {
  headers: IncomingMessage['headers'];
  raw: IncomingMessage & { auth?: unknown };
}
export interface FastifyLikeReply {
  code(status: number): unknown;
  headers(values: Record<string, string>): unknown;
  send(payload: unknown): unknown;
}

/**
 * Sets `request.raw.auth` (read by the MCP SDK's transport when given `request.raw`) or sends the
 * refusal and returns the reply, which ends the request there (Fastify's rule for async hooks).
 */
export function fastifyBearerAuth(verifier: TokenVerifier, options: BearerAuthOptions = {}) {
  return async (request: FastifyLikeRequest, reply: FastifyLikeReply): Promise<unknown> => {
    const outcome = await authenticateBearer(
      verifier,
      authorizationHeaders(request.raw.rawHeaders, request.headers.authorization),
      options,
    );
    if (outcome.ok) {
      request.raw.auth = outcome.authInfo;
      return undefined;
    }
    reply.code(outcome.status);
    reply.headers(outcome.headers);
    reply.send(outcome.body);
    return reply;
  };
}
