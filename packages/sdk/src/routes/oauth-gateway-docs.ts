// The OpenAPI description of what is not a REST route: each tenant's OAuth 2.1 authorization
// server and the MCP gateway. Their wire formats are the standards' (forms, RFC 6749/7009/7591/
// 7662/8414/9728 JSON, JSON-RPC 2.0 over Streamable HTTP), described here for readers and tools.
const tenant = {
  name: 'tenant',
  in: 'path',
  required: true,
  description: "The tenant's slug",
  schema: { type: 'string' },
};
const server = {
  name: 'server',
  in: 'path',
  required: true,
  description: "The MCP server's slug",
  schema: { type: 'string' },
};
const form = (properties: Record<string, unknown>, required: string[] = []) => ({
  required: true,
  content: { 'application/x-www-form-urlencoded': { schema: { type: 'object', properties, required } } },
});
const json = (description: string, schema: Record<string, unknown> = { type: 'object' }) => ({
  description,
  content: { 'application/json': { schema } },
});
const oauthError = json('An OAuth error (RFC 6749 §5.2): error, error_description.', {
  type: 'object',
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
  required: ['error'],
});
const clientAuth =
  'Client authentication: client_secret_basic (Authorization: Basic), client_secret_post, private_key_jwt (client_assertion), or none for public clients with PKCE.';
const oauth = (summary: string, extra: Record<string, unknown>) => ({
  tags: ['oauth'],
  security: [],
  summary,
  parameters: [tenant],
  ...extra,
});
const metadata = oauth(
  "The tenant's authorization server metadata (RFC 8414; byte-identical at every path)",
  { responses: { 200: json('Metadata.') } },
);

export const OAUTH_AND_GATEWAY_TAGS = [
  {
    name: 'oauth',
    description: "Each tenant's OAuth 2.1 authorization server (issuer: {PUBLIC_URL}/t/{tenant}).",
  },
  {
    name: 'gateway',
    description:
      'The MCP gateway: Streamable HTTP, every JSON-RPC message governed (see the README, "What the gateway lets through").',
  },
];

export const OAUTH_AND_GATEWAY_PATHS: Record<string, Record<string, unknown>> = {
  '/t/{tenant}/.well-known/openid-configuration': { get: metadata },
  '/.well-known/oauth-authorization-server/t/{tenant}': { get: metadata },
  '/.well-known/openid-configuration/t/{tenant}': { get: metadata },
  '/t/{tenant}/jwks.json': {
    get: oauth("The tenant's signing keys (JWKS): the next, active and recently retired keys", {
      responses: { 200: json('A JWK Set.') },
    }),
  },
  '/t/{tenant}/token': {
    post: oauth(
      "Token endpoint: client_credentials (agents), authorization_code with PKCE and refresh_token (people's MCP clients)",
      {
        description: `${clientAuth} \`resource\` (RFC 8707) names the MCP server (the token's audience).`,
        requestBody: form(
          {
            grant_type: { enum: ['client_credentials', 'authorization_code', 'refresh_token'] },
            resource: { type: 'string' },
            scope: { type: 'string' },
            code: { type: 'string' },
            code_verifier: { type: 'string' },
            redirect_uri: { type: 'string' },
            refresh_token: { type: 'string' },
          },
          ['grant_type'],
        ),
        responses: {
          200: json(
            "access_token (an RFC 9068 JWT), token_type Bearer, expires_in, scope; refresh_token for people's clients.",
          ),
          400: oauthError,
          401: oauthError,
          403: oauthError,
          429: oauthError,
        },
      },
    ),
  },
  '/t/{tenant}/authorize': {
    get: oauth(
      'Authorization endpoint (people): response_type=code, PKCE S256, exact redirect URI; sends the person to the console to sign in and consent',
      {
        responses: {
          302: {
            description:
              'To the console (sign-in, consent) or back to the client with code, state and iss (RFC 9207), or an error.',
          },
          400: {
            description:
              'A page: the client or its redirect URI cannot be trusted, so nothing is redirected.',
          },
        },
      },
    ),
  },
  '/t/{tenant}/register': {
    post: oauth(
      'Dynamic client registration (RFC 7591) for MCP clients, as the tenant allows (open, admin approval, off)',
      {
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object' } } } },
        responses: {
          201: json('The registered client (no secret for public clients).'),
          400: oauthError,
          403: oauthError,
          429: oauthError,
        },
      },
    ),
  },
  '/t/{tenant}/introspect': {
    post: oauth('Token introspection (RFC 7662): a client for its own tokens, an admin API token for any', {
      requestBody: form({ token: { type: 'string' } }, ['token']),
      responses: { 200: json('active, and the claims when active.'), 401: oauthError },
    }),
  },
  '/t/{tenant}/revoke': {
    post: oauth(
      'Token revocation (RFC 7009): a client for its own tokens and API keys, an admin API token for any',
      {
        requestBody: form({ token: { type: 'string' }, token_type_hint: { type: 'string' } }, ['token']),
        responses: {
          200: { description: 'Revoked, or unknown (RFC 7009).' },
          401: oauthError,
          403: oauthError,
        },
      },
    ),
  },
  '/mcp/{tenant}/{server}': {
    post: {
      tags: ['gateway'],
      summary: 'JSON-RPC messages of an agent or a person to the MCP server',
      parameters: [tenant, server],
      security: [{ bearer: [] }],
      description:
        'Authorization: Bearer <access token or agent API key>. Answers application/json or text/event-stream; 401 with a WWW-Authenticate challenge naming the resource metadata when unauthenticated.',
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { description: 'A JSON-RPC 2.0 message (or a legacy batch).' } },
        },
      },
      responses: {
        200: { description: 'The answers (JSON or SSE), judged by the gateway.' },
        202: { description: 'Notifications or answers accepted.' },
        400: json('A JSON-RPC error.'),
        401: oauthError,
        403: oauthError,
        404: json('No such server, or session.'),
        413: json('Too large.'),
        429: json('A rate limit refused it.'),
      },
    },
    get: {
      tags: ['gateway'],
      summary: "The session's server-to-client stream (SSE), resumable with Last-Event-ID",
      parameters: [tenant, server],
      security: [{ bearer: [] }],
      responses: {
        200: { description: 'An event stream.' },
        400: json('No session.'),
        404: json('No such session.'),
      },
    },
    delete: {
      tags: ['gateway'],
      summary: 'End the MCP session',
      parameters: [tenant, server],
      security: [{ bearer: [] }],
      responses: { 200: { description: 'Ended.' }, 404: json('No such session.') },
    },
  },
  '/.well-known/oauth-protected-resource/mcp/{tenant}/{server}': {
    get: {
      tags: ['gateway'],
      summary:
        "The MCP server's protected resource metadata (RFC 9728): its resource URI and its tenant's issuer",
      parameters: [tenant, server],
      security: [],
      responses: { 200: json('Metadata.'), 404: oauthError },
    },
  },
};
