// Per-operation cost of access token issuance and verification with cached CryptoKeys.
// Run: cd packages/auth-core && npx vitest bench --run
import { bench, describe } from 'vitest';
import { issueAccessToken, verifyAccessToken } from '../src/access-token';
import { KeyRing, generateSigningKey } from '../src/signing-keys';
import type { SigningAlg } from '../src/signing-keys';

const ISSUER = 'https://gw.example.com/acme';
const AUDIENCE = 'https://gw.example.com/acme/github/mcp';

async function setup(alg: SigningAlg) {
  const k = await generateSigningKey(alg);
  const ring = await KeyRing.load(
    [{ kid: k.kid, alg, state: 'active', publicJwk: k.publicJwk, createdAt: new Date() }],
    {
      privateKeyPem: () => k.privateKeyPem,
    },
  );
  const input = {
    issuer: ISSUER,
    clientId: 'agt_123',
    audience: AUDIENCE,
    scopes: ['mcp:tools'],
    lifetimeSec: 300,
  };
  const { token } = await issueAccessToken(ring.activeKey(), input);
  const verifyOptions = {
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: (kid: string) => ring.verificationKey(kid),
  };
  return { ring, input, token, verifyOptions };
}

for (const alg of ['ES256', 'EdDSA', 'RS256'] as const) {
  const ready = setup(alg);
  describe(alg, () => {
    bench(`${alg} issueAccessToken (sign)`, async () => {
      const { ring, input } = await ready;
      await issueAccessToken(ring.activeKey(), input);
    });
    bench(`${alg} verifyAccessToken`, async () => {
      const { token, verifyOptions } = await ready;
      await verifyAccessToken(token, verifyOptions);
    });
  });
}
