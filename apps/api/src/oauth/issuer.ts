// The URLs of a tenant's authorization server and of its servers' gateway endpoints. They
// derive from PUBLIC_URL and the slugs only, so they are stable for the tenant's life.

export function issuerUrl(publicUrl: string, tenantSlug: string): string {
  return `${publicUrl}/t/${tenantSlug}`;
}

export function asEndpoints(publicUrl: string, tenantSlug: string) {
  const issuer = issuerUrl(publicUrl, tenantSlug);
  return {
    issuer,
    token: `${issuer}/token`,
    jwks: `${issuer}/jwks.json`,
    introspect: `${issuer}/introspect`,
    revoke: `${issuer}/revoke`,
    authorize: `${issuer}/authorize`,
    register: `${issuer}/register`,
  };
}

/** A server's resource URI: its public gateway URL, the audience of every token for it. */
export function resourceUrl(publicUrl: string, tenantSlug: string, serverSlug: string): string {
  return `${publicUrl}/mcp/${tenantSlug}/${serverSlug}`;
}

export function protectedResourceMetadataUrl(
  publicUrl: string,
  tenantSlug: string,
  serverSlug: string,
): string {
  return `${publicUrl}/.well-known/oauth-protected-resource/mcp/${tenantSlug}/${serverSlug}`;
}
