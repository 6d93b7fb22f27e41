// createAgentAuth: tokens for an agent by discovery, cached per (resource, scope), refreshed ahead
// of expiry by one request, with transient failures retried.
import type { OAuthClientProvider } from '@modelcontextprotocol/sdk/client/auth.js';
import type { FetchLike } from '../shared/as-metadata.js';
import { parseSecureUrl } from '../shared/urls.js';
import { createAuthFetch } from './auth-fetch.js';
import { chooseAuthMethod } from './client-auth.js';
import {
  discoverFromIssuer,
  discoverFromResource,
  type Discovery,
  type DiscoveryContext,
} from './discovery.js';
import { AgentAuthError } from './errors.js';
import { createMcpAuthProvider } from './mcp-provider.js';
import { normalizeScope, resolveOptions, type AgentAuthOptions, type ResolvedOptions } from './options.js';
import { fetchWithRetry } from './retry.js';
import { cacheKey, TokenCache } from './token-cache.js';
import { requestToken, type TokenSet } from './token-endpoint.js';

export interface TokenOptions {
  /** A protected resource's URL (another MCP server at the gateway): its resource is discovered. */
  url?: string | URL;
  /** The resource indicator (RFC 8707) to ask for, as is; the default is the gateway URL's. */
  resource?: string;
  /** Scopes for this token instead of the default ones. */
  scope?: string | readonly string[];
}

export interface AgentAuth {
  readonly clientId: string;
  /** An access token (cached, refreshed ahead of expiry). */
  getToken(options?: TokenOptions): Promise<string>;
  /** The same, with its expiry, scope and resource. */
  getTokenSet(options?: TokenOptions): Promise<TokenSet>;
  /** What discovery found for a URL (default: the gateway URL), or for the issuer alone. */
  discover(url?: string | URL): Promise<Discovery>;
  /** Forgets cached tokens (all, or those of one resource and scope), e.g. after a revocation. */
  invalidate(options?: TokenOptions): Promise<void>;
  /**
   * A fetch that adds `Authorization: Bearer` for the URL it is given (discovered once per URL) and,
   * on a 401, fetches a new token and sends the request once more. For the MCP SDK:
   * `new StreamableHTTPClientTransport(url, { fetch: agent.fetch })`.
   */
  readonly fetch: FetchLike;
  /** An OAuthClientProvider for the MCP SDK's transports (default server: the gateway URL). */
  authProvider(serverUrl?: string | URL): OAuthClientProvider;
}

/** Internals the fetch wrapper and the MCP provider share with the client. */
export interface AgentAuthCore extends AgentAuth {
  readonly options: ResolvedOptions;
  /** The cache key and token request inputs for a request's options. */
  target(
    options?: TokenOptions,
  ): Promise<{ discovery: Discovery; resource?: string; scope?: string; key: string }>;
  store(key: string, token: TokenSet): void;
}

class AgentAuthClient implements AgentAuthCore {
  readonly clientId: string;
  readonly fetch: FetchLike;
  private readonly cache: TokenCache;
  private readonly discoveries = new Map<string, Promise<Discovery>>();
  private readonly discoveryContext: DiscoveryContext;

  constructor(readonly options: ResolvedOptions) {
    this.clientId = options.credentials.clientId;
    this.cache = new TokenCache({
      now: options.now,
      refreshBeforeExpiryMs: options.refreshBeforeExpiryMs,
      expiryMarginMs: 5_000,
    });
    const retryingFetch: FetchLike = (url, init) =>
      fetchWithRetry(options.fetch, url, () => init ?? {}, options.retry, {
        sleep: options.sleep,
        random: options.random,
      });
    this.discoveryContext = {
      fetch: retryingFetch,
      expectedIssuer: options.issuer,
      allowInsecureHttp: options.allowInsecureHttp,
    };
    this.fetch = createAuthFetch(this);
  }

  discover(url?: string | URL): Promise<Discovery> {
    const resourceUrl =
      url === undefined
        ? this.options.gatewayUrl
        : parseSecureUrl(url, 'url', this.options.allowInsecureHttp);
    const key = resourceUrl
      ? `${resourceUrl.origin}${resourceUrl.pathname}`
      : `issuer ${this.options.issuer}`;
    let found = this.discoveries.get(key);
    if (!found) {
      const target = resourceUrl ? new URL(key) : undefined;
      found = target
        ? discoverFromResource(target, this.discoveryContext)
        : discoverFromIssuer(this.options.issuer!, this.discoveryContext);
      // Failures are not kept: the next call tries again.
      found.catch(() => this.discoveries.delete(key));
      this.discoveries.set(key, found);
    }
    return found;
  }

  async target(options: TokenOptions = {}) {
    const discovery = await this.discover(options.url);
    const resource = options.resource ?? discovery.resource;
    if (resource === undefined)
      throw new TypeError(
        'no resource to ask a token for: pass `resource`, `url`, or create the client with a gatewayUrl',
      );
    const scope = options.scope === undefined ? this.options.scope : normalizeScope(options.scope);
    return { discovery, resource, scope, key: cacheKey(resource, scope) };
  }

  async getTokenSet(options?: TokenOptions): Promise<TokenSet> {
    const { discovery, resource, scope, key } = await this.target(options);
    return this.cache.get(key, async () => {
      let method;
      try {
        method = chooseAuthMethod(
          this.options.credentials,
          discovery.authorizationServer.tokenEndpointAuthMethods,
          this.options.preferredMethod,
        );
      } catch (error) {
        throw new AgentAuthError('discovery_failed', (error as Error).message);
      }
      return requestToken(
        {
          server: discovery.authorizationServer,
          credentials: this.options.credentials,
          method,
          resource,
          scope,
        },
        {
          fetch: this.options.fetch,
          retry: this.options.retry,
          env: { sleep: this.options.sleep, random: this.options.random },
          now: this.options.now,
          defaultLifetimeMs: 60_000,
        },
      );
    });
  }

  async getToken(options?: TokenOptions): Promise<string> {
    return (await this.getTokenSet(options)).accessToken;
  }

  async invalidate(options?: TokenOptions): Promise<void> {
    if (options === undefined) return this.cache.invalidate();
    this.cache.invalidate((await this.target(options)).key);
  }

  store(key: string, token: TokenSet): void {
    this.cache.put(key, token);
  }

  authProvider(serverUrl?: string | URL): OAuthClientProvider {
    const url =
      serverUrl === undefined
        ? this.options.gatewayUrl
        : parseSecureUrl(serverUrl, 'serverUrl', this.options.allowInsecureHttp);
    if (!url) throw new TypeError('authProvider needs a server URL (or a client created with gatewayUrl)');
    return createMcpAuthProvider(this, url);
  }
}

/**
 * An agent's access to Portcullis: give the gateway URL of an MCP server (everything else is
 * discovered) or the tenant's issuer, and the agent's client id with its secret or private key.
 */
export function createAgentAuth(options: AgentAuthOptions): AgentAuth {
  return new AgentAuthClient(resolveOptions(options));
}
