// Agents (OAuth clients of the tenant), their grants, secrets, public keys and API keys.
import {
  AddKeyRequest, Agent, AgentApiKey, AgentApiKeyList, AgentKey, AgentKeyList, AgentList, ClientSecret, ClientSecretList,
  CreateAgentRequest, CreateApiKeyRequest, CreateSecretRequest, CreatedAgentApiKey, CreatedClientSecret, PutGrantRequest,
  UpdateAgentRequest, UpdateSecretRequest,
} from '../contracts/agents.js';
import { idParam, route } from './route.js';

const tag = 'agents';
const agent = { id: idParam('Agent') };

export const agentRoutes = {
  list: route({ method: 'GET', path: '/api/v1/agents', tag, access: 'read', summary: "The tenant's agents", response: AgentList }),
  create: route({
    method: 'POST', path: '/api/v1/agents', tag, access: 'write', summary: 'Create an agent (an OAuth client)', body: CreateAgentRequest, response: Agent,
    audit: { action: 'agent.created' },
  }),
  get: route({ method: 'GET', path: '/api/v1/agents/:id', tag, access: 'read', summary: 'An agent and its grants', params: agent, response: Agent }),
  update: route({
    method: 'PATCH', path: '/api/v1/agents/:id', tag, access: 'write', summary: 'Change an agent (disabling it refuses its tokens at once)',
    params: agent, body: UpdateAgentRequest, response: Agent, audit: { action: ['agent.updated', 'agent.disabled'] },
  }),
  remove: route({ method: 'DELETE', path: '/api/v1/agents/:id', tag, access: 'write', summary: 'Delete an agent', params: agent, audit: { action: 'agent.deleted' } }),
  putGrant: route({
    method: 'PUT', path: '/api/v1/agents/:id/grants/:serverId', tag, access: 'write', summary: 'Set what the agent may use on one server',
    params: { ...agent, serverId: idParam('Server') }, body: PutGrantRequest, response: Agent, audit: { action: 'agent.updated' },
  }),
  deleteGrant: route({
    method: 'DELETE', path: '/api/v1/agents/:id/grants/:serverId', tag, access: 'write', summary: "Remove the agent's access to one server",
    params: { ...agent, serverId: idParam('Server') }, response: Agent, status: 200, audit: { action: 'agent.updated' },
  }),
  secrets: route({ method: 'GET', path: '/api/v1/agents/:id/secrets', tag, access: 'read', summary: "The agent's client secrets (never their values)", params: agent, response: ClientSecretList }),
  createSecret: route({
    method: 'POST', path: '/api/v1/agents/:id/secrets', tag, access: 'write', summary: 'A new client secret, shown in this response only (with expireOthersInHours: a rotation)',
    params: agent, body: CreateSecretRequest, response: CreatedClientSecret, audit: { action: 'secret.created' },
  }),
  updateSecret: route({
    method: 'PATCH', path: '/api/v1/agents/:id/secrets/:secretId', tag, access: 'write', summary: "Change a secret's expiry",
    params: { ...agent, secretId: idParam('Secret') }, body: UpdateSecretRequest, response: ClientSecret, audit: { action: 'secret.updated' },
  }),
  revokeSecret: route({
    method: 'DELETE', path: '/api/v1/agents/:id/secrets/:secretId', tag, access: 'write', summary: 'Revoke a client secret',
    params: { ...agent, secretId: idParam('Secret') }, response: ClientSecret, status: 200, audit: { action: 'secret.revoked' },
  }),
  keys: route({ method: 'GET', path: '/api/v1/agents/:id/keys', tag, access: 'read', summary: "The agent's public keys (private_key_jwt)", params: agent, response: AgentKeyList }),
  addKey: route({
    method: 'POST', path: '/api/v1/agents/:id/keys', tag, access: 'write', summary: 'Register a public key (a JWK or a JWKS)',
    params: agent, body: AddKeyRequest, response: AgentKeyList, audit: { action: 'agent.updated' },
  }),
  revokeKey: route({
    method: 'DELETE', path: '/api/v1/agents/:id/keys/:keyId', tag, access: 'write', summary: 'Revoke a public key',
    params: { ...agent, keyId: idParam('Key') }, response: AgentKey, status: 200, audit: { action: 'agent.updated' },
  }),
  apiKeys: route({ method: 'GET', path: '/api/v1/agents/:id/api-keys', tag, access: 'read', summary: "The agent's API keys (never their values)", params: agent, response: AgentApiKeyList }),
  createApiKey: route({
    method: 'POST', path: '/api/v1/agents/:id/api-keys', tag, access: 'write', summary: 'A new API key scoped within the grants, shown in this response only',
    params: agent, body: CreateApiKeyRequest, response: CreatedAgentApiKey, audit: { action: 'api_key.created' },
  }),
  revokeApiKey: route({
    method: 'DELETE', path: '/api/v1/agents/:id/api-keys/:keyId', tag, access: 'write', summary: 'Revoke an API key',
    params: { ...agent, keyId: idParam('API key') }, response: AgentApiKey, status: 200, audit: { action: 'api_key.revoked' },
  }),
};
