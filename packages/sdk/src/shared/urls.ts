// URL rules shared by the agent and the verifier: where credentials and tokens may travel.

const LOOPBACK_NAMES = new Set(['localhost', '[::1]']);

/** localhost, *.localhost, 127.0.0.0/8 and [::1]: plain http stays on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_NAMES.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * Parses an absolute http(s) URL and refuses plain http off loopback unless allowed: a client
 * secret, an assertion or an access token sent in clear text is a credential given away.
 */
export function parseSecureUrl(value: string | URL, what: string, allowInsecureHttp = false): URL {
  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(`${what} must be an absolute URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new TypeError(`${what} must be an http(s) URL`);
  if (url.username || url.password) throw new TypeError(`${what} must not carry credentials`);
  if (url.hash) throw new TypeError(`${what} must not have a fragment`);
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new TypeError(`${what} must use https (plain http is accepted on loopback only): ${url.origin}`);
  }
  return url;
}

/** RFC 8414 section 3 and OpenID discovery: where an issuer's metadata may live, in the order to try. */
export function authorizationServerMetadataUrls(issuer: URL): URL[] {
  const path = issuer.pathname.replace(/\/$/, '');
  const origin = issuer.origin;
  if (path === '') {
    return [
      new URL('/.well-known/oauth-authorization-server', origin),
      new URL('/.well-known/openid-configuration', origin),
    ];
  }
  return [
    new URL(`/.well-known/oauth-authorization-server${path}`, origin),
    new URL(`/.well-known/openid-configuration${path}`, origin),
    new URL(`${path}/.well-known/openid-configuration`, origin),
  ];
}

/** RFC 9728 section 3.1: the path-aware well-known URL of a resource's metadata, then the root one. */
export function protectedResourceMetadataUrls(resource: URL): URL[] {
  const path = resource.pathname.replace(/\/$/, '');
  const root = new URL('/.well-known/oauth-protected-resource', resource.origin);
  return path === ''
    ? [root]
    : [new URL(`/.well-known/oauth-protected-resource${path}`, resource.origin), root];
}

/**
 * Whether `resource` (from metadata) may stand for `requested`: same origin, and its path a
 * prefix of the requested path on a segment boundary (the MCP SDK's rule).
 */
export function resourceCovers(resource: URL, requested: URL): boolean {
  if (resource.origin !== requested.origin) return false;
  const withSlash = (p: string) => (p.endsWith('/') ? p : `${p}/`);
  return withSlash(requested.pathname).startsWith(withSlash(resource.pathname));
}

/** Issuer identifiers compare as strings (RFC 8414 section 3.3); one trailing slash is tolerated. */
export function sameIssuer(a: string, b: string): boolean {
  return a === b || a.replace(/\/$/, '') === b.replace(/\/$/, '');
}
