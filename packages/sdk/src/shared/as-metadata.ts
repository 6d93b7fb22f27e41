// RFC 8414 authorization server metadata: found at the well-known URLs, bound to its issuer.
import { optionalString, readJsonObject, stringList } from './json.js';
import { authorizationServerMetadataUrls, parseSecureUrl } from './urls.js';

export interface AuthorizationServerMetadata {
  issuer: string;
  tokenEndpoint: string;
  jwksUri?: string;
  tokenEndpointAuthMethods: string[];
  /** The whole document, as served. */
  document: Record<string, unknown>;
}

export type FetchLike = (input: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * Tries each well-known URL of `issuer` in turn (a 4xx moves on, anything else stops), then checks
 * that the document names exactly this issuer: metadata served for another issuer is refused, or a
 * look-alike server could redirect credentials (RFC 8414 section 3.3).
 */
export async function fetchAuthorizationServerMetadata(
  issuer: string,
  fetchFn: FetchLike,
  allowInsecureHttp: boolean,
): Promise<AuthorizationServerMetadata> {
  const issuerUrl = parseSecureUrl(issuer, 'issuer', allowInsecureHttp);
  const tried: string[] = [];
  for (const url of authorizationServerMetadataUrls(issuerUrl)) {
    const response = await fetchFn(url, { headers: { accept: 'application/json' }, redirect: 'error' });
    if (response.status >= 400 && response.status < 500) {
      await response.body?.cancel();
      tried.push(`${url.href} (${response.status})`);
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`authorization server metadata at ${url.href} answered HTTP ${response.status}`);
    }
    const document = await readJsonObject(response, `authorization server metadata at ${url.href}`);
    if (document.issuer !== issuer) {
      throw new Error(
        `authorization server metadata at ${url.href} names issuer ${JSON.stringify(document.issuer)}, not ${issuer}`,
      );
    }
    const tokenEndpoint = optionalString(document, 'token_endpoint');
    if (!tokenEndpoint) throw new Error(`authorization server metadata of ${issuer} has no token_endpoint`);
    parseSecureUrl(tokenEndpoint, 'token_endpoint', allowInsecureHttp);
    const jwksUri = optionalString(document, 'jwks_uri');
    if (jwksUri) parseSecureUrl(jwksUri, 'jwks_uri', allowInsecureHttp);
    return {
      issuer,
      tokenEndpoint,
      jwksUri,
      tokenEndpointAuthMethods: stringList(document, 'token_endpoint_auth_methods_supported'),
      document,
    };
  }
  throw new Error(`no authorization server metadata for ${issuer}: tried ${tried.join(', ')}`);
}
