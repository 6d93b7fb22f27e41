#!/usr/bin/env node
// The peer for the token benchmark: panva's oidc-provider (the certified Node.js OpenID
// provider) set up like Portcullis' token endpoint: client_credentials, one resource indicator,
// JWT access tokens signed ES256, client_secret_basic, its in-memory adapter. Runs in its own
// process; prints `listening <issuer> token=<url> resource=<url>` once ready.
//
// Env: PEER_PORT (0: any free port), PEER_CLIENT_ID, PEER_CLIENT_SECRET, PEER_RESOURCE,
// PEER_SCOPE, PEER_TOKEN_TTL (seconds).
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const env = process.env;
const clientId = env.PEER_CLIENT_ID ?? 'bench-client';
const clientSecret = env.PEER_CLIENT_SECRET ?? 'bench-secret-0123456789abcdef0123456789abcdef';
const scope = env.PEER_SCOPE ?? 'mcp:tools';
const ttl = Number(env.PEER_TOKEN_TTL ?? 300);

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

// The issuer must name the port, so listen first and mount the provider once it is known.
let handler = (_req, res) => res.writeHead(503).end();
const server = createServer((req, res) => handler(req, res));
server.keepAliveTimeout = 60_000;
await new Promise((resolve) => server.listen(Number(env.PEER_PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const resource = env.PEER_RESOURCE ?? `${issuer}/mcp/bench/echo`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      client_secret: clientSecret,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
      // No ID tokens are issued; the provider still validates this against its only key (ES256).
      id_token_signed_response_alg: 'ES256',
      scope,
    },
  ],
  jwks: { keys: [signingJwk] },
  scopes: [scope],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => resource,
      useGrantedResource: () => true,
      // The one resource server, as Portcullis checks the grant: anything else is invalid_target.
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== resource) throw new errors.InvalidTarget();
        return {
          scope,
          audience: resource,
          accessTokenTTL: ttl,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'ES256' } },
        };
      },
    },
  },
  ttl: { ClientCredentials: ttl },
});
// Its default dev-mode warnings would go to stderr on every start; not interesting here.
provider.on('server_error', (_ctx, error) => console.error(`server_error: ${error.message}`));

handler = provider.callback();
process.stdout.write(`listening ${issuer} token=${issuer}/token resource=${resource}\n`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)));
}
