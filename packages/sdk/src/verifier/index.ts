// @portcullis/sdk/verifier: local verification of Portcullis access tokens, and middleware.
export {
  createTokenVerifier,
  VERIFIER_ALGORITHMS,
  type TokenVerifier,
  type TokenVerifierOptions,
  type VerifiedToken,
  type VerifierAlgorithm,
} from './create-token-verifier.js';
export { TokenVerificationError, type TokenRejectionReason } from './errors.js';
export {
  authenticateBearer,
  toMcpAuthInfo,
  type BearerAuthOptions,
  type BearerAuthOutcome,
  type McpAuthInfo,
} from './bearer-auth.js';
export { nodeHttpBearerAuth, type AuthenticatedRequest } from './node-http.js';
export { expressBearerAuth, type ExpressLikeRequest, type ExpressLikeResponse } from './express.js';
export { fastifyBearerAuth, type FastifyLikeReply, type FastifyLikeRequest } from './fastify.js';
