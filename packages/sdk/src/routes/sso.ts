// Single sign-on: the browser's way through the tenant's identity provider (start, callback:
// navigations answered with redirects, errors included), and the tenant's settings.
import { PutSsoConnectionRequest, SsoSettings, SsoStartQuery } from '../contracts/sso.js';
import { route } from './route.js';

const tag = 'sso';

export const ssoRoutes = {
  start: route({
    method: 'GET',
    path: '/api/v1/auth/sso/start',
    tag,
    access: 'public',
    summary: "Sign in through the organisation's identity provider: a redirect to it",
    query: SsoStartQuery,
    status: 303,
    description:
      "A navigation, not a fetch. Errors (no such organisation, single sign-on off) redirect to the console's sign-in page with `sso_error`.",
  }),
  callback: route({
    method: 'GET',
    path: '/api/v1/auth/sso/callback',
    tag,
    access: 'public',
    summary: "The identity provider's answer: opens the session and redirects to the console",
    status: 303,
    description:
      "Register this as the redirect URI at the provider; it reads the provider's own query (code, state, iss or error). Errors redirect to the sign-in page with `sso_error`.",
  }),
  settings: route({
    method: 'GET',
    path: '/api/v1/tenant/sso',
    tag,
    access: 'read',
    summary: "The tenant's identity provider (never its secret) and the redirect URI to register",
    response: SsoSettings,
  }),
  put: route({
    method: 'PUT',
    path: '/api/v1/tenant/sso',
    tag,
    access: 'owner',
    summary: "Set the tenant's identity provider (checked by OpenID discovery before it is stored)",
    body: PutSsoConnectionRequest,
    response: SsoSettings,
    audit: { action: 'tenant.sso_updated' },
  }),
  remove: route({
    method: 'DELETE',
    path: '/api/v1/tenant/sso',
    tag,
    access: 'owner',
    summary: 'Turn single sign-on off and forget the provider',
    errors: [404],
    audit: { action: 'tenant.sso_updated' },
  }),
};
