// Admin API tokens: the tenant's credentials for scripts and CI (admin or auditor, never owner).
import { ApiToken, ApiTokenList, CreateApiTokenRequest, CreatedApiToken } from '../contracts/api-tokens.js';
import { idParam, route } from './route.js';

const tag = 'api-tokens';

export const apiTokenRoutes = {
  list: route({
    method: 'GET',
    path: '/api/v1/api-tokens',
    tag,
    access: 'read',
    summary: "The tenant's API tokens (never their values)",
    response: ApiTokenList,
  }),
  create: route({
    method: 'POST',
    path: '/api/v1/api-tokens',
    tag,
    access: 'write',
    summary: 'A new API token, shown in this response only',
    body: CreateApiTokenRequest,
    response: CreatedApiToken,
    audit: { action: 'api_token.created' },
  }),
  revoke: route({
    method: 'DELETE',
    path: '/api/v1/api-tokens/:id',
    tag,
    access: 'write',
    summary: 'Revoke an API token (anything using it is refused from now on)',
    params: { id: idParam('API token') },
    response: ApiToken,
    status: 200,
    audit: { action: 'api_token.revoked' },
  }),
};
