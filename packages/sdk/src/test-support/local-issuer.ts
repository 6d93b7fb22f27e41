// An issuer on loopback for the verifier's tests: signing keys of each algorithm, a JWKS that can
// rotate or fail, metadata naming it, and a counter of key set fetches.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface LocalIssuer {
  issuer: string;
  jwksUri: string;
  /** The resource URI tokens are for by default. */
  audience: string;
  jwksFetches: number;
  /** The keys the JWKS serves. */
  published: SigningKey[];
  jwksStatus: number;
  newKey(alg?: string): Promise<SigningKey>;
  /** A token like Portcullis issues; `claims` and `header` override. */
  sign(key: SigningKey, claims?: JWTPayload, header?: Record<string, unknown>): Promise<string>;
  close(): Promise<void>;
}

export async function startLocalIssuer(): Promise<LocalIssuer> {
  const state = { jwksFetches: 0, published: [] as SigningKey[], jwksStatus: 200 } as LocalIssuer;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const send = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path === '/.well-known/oauth-authorization-server/t/acme') {
      return send(200, {
        issuer: state.issuer,
        token_endpoint: `${state.issuer}/token`,
        jwks_uri: state.jwksUri,
      });
    }
    if (path === '/t/acme/jwks.json') {
      state.jwksFetches += 1;
      if (state.jwksStatus !== 200) return send(state.jwksStatus, { error: 'server_error' });
      return send(200, {
        keys: state.published.map((k) => ({ ...k.publicJwk, kid: k.kid, alg: k.alg, use: 'sig' })),
      });
    }
    send(404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  Object.assign(state, {
    issuer: `${origin}/t/acme`,
    jwksUri: `${origin}/t/acme/jwks.json`,
    audience: `${origin}/mcp/acme/srv`,
    async newKey(alg = 'ES256') {
      const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
      return { kid: randomUUID(), alg, privateKey, publicJwk: await exportJWK(publicKey) };
    },
    async sign(key: SigningKey, claims: JWTPayload = {}, header: Record<string, unknown> = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        iss: state.issuer,
        aud: state.audience,
        sub: 'agent-1',
        client_id: 'agent-1',
        scope: 'mcp:tools',
        jti: randomUUID(),
        iat: now,
        exp: now + 300,
        ...claims,
      })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt', ...header })
        .sign(key.privateKey);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
  return state;
}
