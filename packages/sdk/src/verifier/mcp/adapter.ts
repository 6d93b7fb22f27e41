// The MCP SDK's OAuthTokenVerifier on top of ours. The SDK's requireBearerAuth tells a 401 from a
// 500 with `instanceof`, so its error classes come from the caller's module system (index.ts for
// ESM, index.cts for CommonJS), never from a copy of the SDK loaded the other way.
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { toMcpAuthInfo } from '../bearer-auth.js';
import type { TokenVerifier } from '../create-token-verifier.js';
import { TokenVerificationError } from '../errors.js';

export interface McpErrorClasses {
  InvalidTokenError: new (message: string) => Error;
  ServerError: new (message: string) => Error;
}

/** `{ verifyAccessToken }` for `requireBearerAuth({ verifier, resourceMetadataUrl, requiredScopes })`. */
export interface McpTokenVerifier {
  verifyAccessToken(token: string): Promise<AuthInfo>;
}

export function adaptVerifier(verifier: TokenVerifier, classes: McpErrorClasses): McpTokenVerifier {
  return {
    async verifyAccessToken(token: string): Promise<AuthInfo> {
      try {
        return toMcpAuthInfo(await verifier.verify(token));
      } catch (error) {
        if (!(error instanceof TokenVerificationError)) throw error;
        // requireBearerAuth answers InvalidTokenError with 401 and its challenge, ServerError with 500.
        throw error.reason === 'keys_unavailable'
          ? new classes.ServerError(error.message)
          : new classes.InvalidTokenError(error.message);
      }
    },
  };
}
