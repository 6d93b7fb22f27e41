// The active tenant's own settings: its details (owners change them) and its sign-in rules.
import { TenantSecurity, UpdateTenantSecurityRequest } from '../contracts/auth.js';
import { Tenant, UpdateTenantRequest } from '../contracts/tenant.js';
import { route } from './route.js';

const tag = 'tenant';

export const tenantRoutes = {
  get: route({
    method: 'GET',
    path: '/api/v1/tenant',
    tag,
    access: 'read',
    summary: "The tenant's details and settings",
    response: Tenant,
  }),
  update: route({
    method: 'PATCH',
    path: '/api/v1/tenant',
    tag,
    access: 'owner',
    summary: "Change the tenant's name, time zone, MCP client registration or refresh token lifetimes",
    body: UpdateTenantRequest,
    response: Tenant,
    audit: { action: 'tenant.updated' },
  }),
  security: route({
    method: 'GET',
    path: '/api/v1/tenant/security',
    tag,
    access: 'read',
    summary: "The tenant's sign-in rules",
    response: TenantSecurity,
  }),
  updateSecurity: route({
    method: 'PATCH',
    path: '/api/v1/tenant/security',
    tag,
    access: 'owner',
    summary: 'Require a second factor of every member (from their next request)',
    body: UpdateTenantSecurityRequest,
    response: TenantSecurity,
    audit: { action: 'tenant.security_updated' },
  }),
};
