// RFC 8414 metadata, served byte-identical at every discovery path a client may try.
import { CLIENT_ASSERTION_ALGS, SCOPE_ALL_TOOLS, SCOPE_PROMPTS, SCOPE_RESOURCES, SIGNING_ALGS } from '@portcullis/auth-core';
import { asEndpoints } from './issuer';

export function authorizationServerMetadata(publicUrl: string, tenantSlug: string) {
  const ep = asEndpoints(publicUrl, tenantSlug);
  const clientAuth = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
  return {
    issuer: ep.issuer,
    // Required by the MCP SDK's schema even for machine-only servers; it answers with an error.
    authorization_endpoint: ep.authorize,
    token_endpoint: ep.token,
    jwks_uri: ep.jwks,
    introspection_endpoint: ep.introspect,
    revocation_endpoint: ep.revoke,
    response_types_supported: ['code'],
    grant_types_supported: ['client_credentials'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: clientAuth,
    token_endpoint_auth_signing_alg_values_supported: [...CLIENT_ASSERTION_ALGS],
    introspection_endpoint_auth_methods_supported: [...clientAuth, 'bearer'],
    revocation_endpoint_auth_methods_supported: [...clientAuth, 'bearer'],
    scopes_supported: [SCOPE_ALL_TOOLS, SCOPE_RESOURCES, SCOPE_PROMPTS],
    // OpenID discovery documents must carry these; no ID tokens are issued.
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [...SIGNING_ALGS],
    access_token_signing_alg_values_supported: [...SIGNING_ALGS],
    authorization_response_iss_parameter_supported: true,
  };
}
