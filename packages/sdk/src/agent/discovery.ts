// From a gateway URL to a token endpoint: the 401 challenge names the resource metadata
// (RFC 9728), which names the issuer, whose metadata (RFC 8414) names the token endpoint.
import {
  fetchAuthorizationServerMetadata,
  type AuthorizationServerMetadata,
  type FetchLike,
} from '../shared/as-metadata.js';
import { readJsonObject, optionalString, stringList } from '../shared/json.js';
import { parseSecureUrl, protectedResourceMetadataUrls, resourceCovers, sameIssuer } from '../shared/urls.js';
import { parseBearerChallenge } from '../shared/www-authenticate.js';
import { AgentAuthError } from './errors.js';

export interface Discovery {
  /** The resource indicator (RFC 8707) tokens are requested for: the metadata's `resource`, verbatim. */
  resource?: string;
  /** Where the resource metadata was read. */
  resourceMetadataUrl?: string;
  resourceMetadata?: Record<string, unknown>;
  authorizationServer: AuthorizationServerMetadata;
}

export interface DiscoveryContext {
  /** A fetch that retries transient failures. */
  fetch: FetchLike;
  /** The issuer the caller named: metadata that names another one is refused. */
  expectedIssuer?: string;
  allowInsecureHttp: boolean;
}

// A harmless JSON-RPC request: servers authenticate before they look at it.
const PROBE_BODY = JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ping' });

async function challengedMetadataUrl(resourceUrl: URL, ctx: DiscoveryContext): Promise<string | undefined> {
  const response = await ctx.fetch(resourceUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: PROBE_BODY,
    redirect: 'manual',
  });
  await response.body?.cancel();
  if (response.status !== 401) return undefined;
  return parseBearerChallenge(response.headers.get('www-authenticate'))?.resource_metadata;
}

async function readResourceMetadata(resourceUrl: URL, ctx: DiscoveryContext) {
  const challenged = await challengedMetadataUrl(resourceUrl, ctx);
  // A challenge is authoritative (no fallback); without one, the well-known URLs are tried.
  const candidates = challenged
    ? [parseSecureUrl(challenged, 'resource_metadata', ctx.allowInsecureHttp)]
    : protectedResourceMetadataUrls(resourceUrl);
  for (const url of candidates) {
    // The metadata decides where credentials go: it must come from the server we were pointed at.
    if (url.origin !== resourceUrl.origin)
      throw new Error(`resource metadata ${url.href} is not on ${resourceUrl.origin}`);
    const response = await ctx.fetch(url, { headers: { accept: 'application/json' }, redirect: 'error' });
    if (!challenged && response.status >= 400 && response.status < 500) {
      await response.body?.cancel();
      continue;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`resource metadata at ${url.href} answered HTTP ${response.status}`);
    }
    return { url: url.href, document: await readJsonObject(response, `resource metadata at ${url.href}`) };
  }
  throw new Error(
    `${resourceUrl.href} sent no Bearer challenge naming its resource metadata, and none is at the well-known URLs`,
  );
}

function pickIssuer(document: Record<string, unknown>, resourceUrl: URL, ctx: DiscoveryContext): string {
  const issuer = stringList(document, 'authorization_servers')[0];
  if (!issuer) throw new Error('the resource metadata names no authorization server');
  if (ctx.expectedIssuer !== undefined) {
    if (!sameIssuer(issuer, ctx.expectedIssuer)) {
      throw new Error(
        `the resource metadata names issuer ${issuer}, not the configured ${ctx.expectedIssuer}`,
      );
    }
    return issuer;
  }
  // Given only a gateway URL, credentials go to an issuer on the gateway's own origin, never elsewhere.
  if (parseSecureUrl(issuer, 'authorization server', ctx.allowInsecureHttp).origin !== resourceUrl.origin) {
    throw new Error(
      `the resource metadata names issuer ${issuer}, off ${resourceUrl.origin}: pass \`issuer\` to trust it`,
    );
  }
  return issuer;
}

async function asDiscoveryError<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AgentAuthError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AgentAuthError('discovery_failed', `${what}: ${reason}`, { cause: error });
  }
}

/** Discovery from a protected resource's URL alone (the gateway URL of an MCP server). */
export function discoverFromResource(resourceUrl: URL, ctx: DiscoveryContext): Promise<Discovery> {
  return asDiscoveryError(`discovery from ${resourceUrl.href} failed`, async () => {
    const metadata = await readResourceMetadata(resourceUrl, ctx);
    const resource = optionalString(metadata.document, 'resource');
    if (!resource) throw new Error('the resource metadata has no resource');
    if (!resourceCovers(parseSecureUrl(resource, 'resource', ctx.allowInsecureHttp), resourceUrl)) {
      throw new Error(`the resource metadata is for ${resource}, which does not cover ${resourceUrl.href}`);
    }
    const issuer = pickIssuer(metadata.document, resourceUrl, ctx);
    return {
      resource,
      resourceMetadataUrl: metadata.url,
      resourceMetadata: metadata.document,
      authorizationServer: await fetchAuthorizationServerMetadata(issuer, ctx.fetch, ctx.allowInsecureHttp),
    };
  });
}

/** Discovery from an issuer alone: its metadata; resources are named per token request. */
export function discoverFromIssuer(issuer: string, ctx: DiscoveryContext): Promise<Discovery> {
  return asDiscoveryError(`discovery of issuer ${issuer} failed`, async () => ({
    authorizationServer: await fetchAuthorizationServerMetadata(issuer, ctx.fetch, ctx.allowInsecureHttp),
  }));
}
