// @portcullis/sdk/agent: access tokens for agents (client credentials or private_key_jwt).
export { createAgentAuth, type AgentAuth, type TokenOptions } from './create-agent-auth.js';
export type { AgentAuthOptions } from './options.js';
export type { TokenSet } from './token-endpoint.js';
export type { Discovery } from './discovery.js';
export type { RetryOptions } from './retry.js';
export type { PrivateKeyInput, TokenEndpointAuthMethod } from './client-auth.js';
export { AgentAuthError, type AgentAuthErrorCode } from './errors.js';
export type { AuthorizationServerMetadata, FetchLike } from '../shared/as-metadata.js';
