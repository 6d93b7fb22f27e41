// A Portcullis-shaped issuer on loopback for the SDK benchmarks: one ES256, EdDSA and RS256 key,
// its RFC 8414 metadata and JWKS, and access tokens minted like the platform's (RFC 9068).
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.mjs';

const sdkRequire = createRequire(join(ROOT, 'packages/sdk/package.json'));
const jose = await import(pathToFileURL(sdkRequire.resolve('jose')).href);

export const ALGORITHMS = ['ES256', 'EdDSA', 'RS256'];

export async function startLocalIssuer() {
  const keys = {};
  for (const alg of ALGORITHMS) {
    const { publicKey, privateKey } = await jose.generateKeyPair(alg, { extractable: true });
    keys[alg] = { kid: randomUUID(), privateKey, jwk: await jose.exportJWK(publicKey) };
  }
  let origin;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const body =
      path === '/.well-known/oauth-authorization-server/t/bench'
        ? {
            issuer: `${origin}/t/bench`,
            token_endpoint: `${origin}/t/bench/token`,
            jwks_uri: `${origin}/t/bench/jwks.json`,
          }
        : { keys: Object.entries(keys).map(([alg, k]) => ({ ...k.jwk, kid: k.kid, alg, use: 'sig' })) };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
  const issuer = `${origin}/t/bench`;
  const audience = `${origin}/mcp/bench/example`;
  return {
    issuer,
    audience,
    jwksUri: `${origin}/t/bench/jwks.json`,
    /** `count` tokens of `alg`, one agent each, valid for an hour. */
    mint(alg, count) {
      const now = Math.floor(Date.now() / 1000);
      return Promise.all(
        Array.from({ length: count }, (_, i) =>
          new jose.SignJWT({ client_id: `agent-${i}`, scope: 'mcp:tools', jti: randomUUID() })
            .setProtectedHeader({ alg, kid: keys[alg].kid, typ: 'at+jwt' })
            .setIssuer(issuer)
            .setAudience(audience)
            .setSubject(`agent-${i}`)
            .setIssuedAt(now)
            .setExpirationTime(now + 3600)
            .sign(keys[alg].privateKey),
        ),
      );
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
