// An OAuthClientProvider for the official MCP SDK's transports. Tokens come from the agent's cache
// (so they are refreshed ahead of expiry); when a server still answers 401, the SDK requests a new
// token itself with this provider's client authentication, and the answer lands in the same cache.
import type { OAuthClientProvider, OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type {
  OAuthClientInformationMixed,
  OAuthClientMetadata,
  OAuthTokens,
} from '@modelcontextprotocol/sdk/shared/auth.js';
import { applyClientAuthentication, chooseAuthMethod } from './client-auth.js';
import type { AgentAuthCore } from './create-agent-auth.js';

const NOT_INTERACTIVE = 'this provider uses client credentials: there is no interactive authorization';

export function createMcpAuthProvider(agent: AgentAuthCore, serverUrl: URL): OAuthClientProvider {
  const { credentials, scope, preferredMethod, now } = agent.options;
  const target = () => agent.target({ url: serverUrl });
  return {
    get redirectUrl() {
      // undefined: the SDK's non-interactive (client_credentials) path.
      return undefined;
    },
    get clientMetadata(): OAuthClientMetadata {
      return {
        client_name: credentials.clientId,
        redirect_uris: [],
        grant_types: ['client_credentials'],
        token_endpoint_auth_method: credentials.privateKey
          ? 'private_key_jwt'
          : (preferredMethod ?? 'client_secret_basic'),
        ...(scope ? { scope } : {}),
      };
    },
    async clientInformation(): Promise<OAuthClientInformationMixed> {
      // Stamped with the discovered issuer: the SDK then never presents it to another server.
      const { discovery } = await target();
      return {
        client_id: credentials.clientId,
        issuer: discovery.authorizationServer.issuer,
      } as OAuthClientInformationMixed;
    },
    async tokens(): Promise<OAuthTokens> {
      const { discovery } = await target();
      const token = await agent.getTokenSet({ url: serverUrl });
      return {
        access_token: token.accessToken,
        token_type: 'Bearer',
        expires_in: Math.max(0, Math.floor((token.expiresAt - now()) / 1000)),
        ...(token.scope ? { scope: token.scope } : {}),
        issuer: discovery.authorizationServer.issuer,
      } as OAuthTokens;
    },
    async saveTokens(tokens: OAuthTokens): Promise<void> {
      const { resource, key } = await target();
      const lifetime =
        typeof tokens.expires_in === 'number' && tokens.expires_in > 0 ? tokens.expires_in * 1000 : 60_000;
      agent.store(key, {
        accessToken: tokens.access_token,
        expiresAt: now() + lifetime,
        scope: tokens.scope,
        resource,
      });
    },
    redirectToAuthorization() {
      throw new Error(NOT_INTERACTIVE);
    },
    saveCodeVerifier() {
      throw new Error(NOT_INTERACTIVE);
    },
    codeVerifier(): string {
      throw new Error(NOT_INTERACTIVE);
    },
    async addClientAuthentication(headers, params, _url, metadata) {
      const { discovery } = await target();
      const supported =
        metadata?.token_endpoint_auth_methods_supported ??
        discovery.authorizationServer.tokenEndpointAuthMethods;
      const method = chooseAuthMethod(credentials, supported, preferredMethod);
      await applyClientAuthentication(
        credentials,
        method,
        headers,
        params,
        discovery.authorizationServer.issuer,
      );
    },
    prepareTokenRequest() {
      return new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) });
    },
    async invalidateCredentials(what) {
      if (what === 'all' || what === 'tokens') await agent.invalidate({ url: serverUrl });
    },
    async discoveryState(): Promise<OAuthDiscoveryState> {
      // The SDK reuses what the agent discovered (and checked) instead of discovering again.
      const { discovery } = await target();
      return {
        authorizationServerUrl: discovery.authorizationServer.issuer,
        resourceMetadataUrl: discovery.resourceMetadataUrl,
        resourceMetadata: discovery.resourceMetadata as OAuthDiscoveryState['resourceMetadata'],
        authorizationServerMetadata: discovery.authorizationServer
          .document as OAuthDiscoveryState['authorizationServerMetadata'],
      };
    },
    saveDiscoveryState() {
      // Discovery state lives in the agent; nothing to keep here.
    },
  };
}
