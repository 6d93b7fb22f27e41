// RFC 8414 metadata, served byte-identical at every discovery path a client may try. It lists
// what works: client credentials for agents; authorization code with PKCE S256, refresh
// tokens, public clients and (when the tenant accepts them) dynamic registration and client
// ID metadata documents for people's MCP hosts.
import {
  CLIENT_ASSERTION_ALGS,
  SCOPE_ALL_TOOLS,
  SCOPE_PROMPTS,
  SCOPE_RESOURCES,
  SIGNING_ALGS,
} from '@portcullis/auth-core';
import { asEndpoints } from './issuer';
import type { TenantRef } from './tenant-directory';

export function authorizationServerMetadata(
  publicUrl: string,
  tenant: Pick<TenantRef, 'slug' | 'clientRegistration'>,
) {
  const ep = asEndpoints(publicUrl, tenant.slug);
  const clientAuth = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
  const registration = tenant.clientRegistration !== 'off';
  return {
    issuer: ep.issuer,
    authorization_endpoint: ep.authorize,
    token_endpoint: ep.token,
    ...(registration ? { registration_endpoint: ep.register } : {}),
    jwks_uri: ep.jwks,
    introspection_endpoint: ep.introspect,
    revocation_endpoint: ep.revoke,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: [...clientAuth, 'none'],
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGS],
    introspection_endpoint_auth_methods_supported: [...clientAuth, 'bearer'],
    revocation_endpoint_auth_methods_supported: [...clientAuth, 'none', 'bearer'],
    scopes_supported: [SCOPE_ALL_TOOLS, SCOPE_RESOURCES, SCOPE_PROMPTS],
    ...(registration ? { client_id_metadata_document_supported: true } : {}),
    authorization_response_iss_parameter_supported: true,
    // OpenID discovery documents must carry these; no ID tokens are issued.
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    access_token_signing_alg_values_supported: [...SIGNING_ALGS],
  };
}
