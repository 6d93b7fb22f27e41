// @portcullis/sdk/verifier/mcp (CommonJS build): the same, with the MCP SDK's CommonJS error classes.
import { InvalidTokenError, ServerError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import type { TokenVerifier } from '../create-token-verifier.js';
import { adaptVerifier, type McpTokenVerifier } from './adapter.js';

export type { McpTokenVerifier } from './adapter.js';

export function mcpTokenVerifier(verifier: TokenVerifier): McpTokenVerifier {
  return adaptVerifier(verifier, { InvalidTokenError, ServerError });
}
