import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, compactVerify, decodeProtectedHeader, importJWK, importPKCS8, jwtVerify } from 'jose';
import type { JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from './access-token';
import { createJwsSigner, signCompactJws } from './jws-signer';
import { KeyRing, SIGNING_ALGS, generateSigningKey } from './signing-keys';
import type { GeneratedSigningKey, SigningAlg } from './signing-keys';

const keys = {} as Record<SigningAlg, GeneratedSigningKey>;

beforeAll(async () => {
  for (const alg of SIGNING_ALGS) keys[alg] = await generateSigningKey(alg);
});

const publicKey = (alg: SigningAlg) => importJWK(keys[alg].publicJwk as JWK, alg);

const ISSUER = 'https://gw.example.com/t/acme';
const AUDIENCE = 'https://gw.example.com/mcp/acme/github';

describe('createJwsSigner / signCompactJws', () => {
  it.each(SIGNING_ALGS)('%s: jose verifies the signature, header and payload as given', async (alg) => {
    const signer = createJwsSigner(alg, keys[alg].privateKeyPem);
    const header = { alg, kid: keys[alg].kid, typ: 'at+jwt' };
    const payload = { iss: ISSUER, n: 1, s: 'ü ✓' };
    const jws = await signCompactJws(signer, header, payload);
    const { payload: bytes, protectedHeader } = await compactVerify(jws, await publicKey(alg), {
      algorithms: [alg],
    });
    expect(protectedHeader).toEqual(header);
    expect(JSON.parse(new TextDecoder().decode(bytes))).toEqual(payload);
  });

  it('ES256 signatures are raw r||s (64 bytes), not DER', async () => {
    const jws = await signCompactJws(
      createJwsSigner('ES256', keys.ES256.privateKeyPem),
      { alg: 'ES256' },
      { a: 1 },
    );
    expect(Buffer.from(jws.split('.')[2]!, 'base64url')).toHaveLength(64);
  });

  it.each(['EdDSA', 'RS256'] as const)('%s (deterministic): byte-identical to jose SignJWT', async (alg) => {
    const claims = { iss: ISSUER, sub: 'agt_1', aud: AUDIENCE, scope: 'mcp:tools', iat: 1, exp: 2 };
    const header = { alg, kid: keys[alg].kid, typ: 'at+jwt' };
    const ours = await signCompactJws(createJwsSigner(alg, keys[alg].privateKeyPem), header, claims);
    const theirs = await new SignJWT({ ...claims })
      .setProtectedHeader(header)
      .sign(await importPKCS8(keys[alg].privateKeyPem, alg));
    expect(ours).toBe(theirs);
  });

  it('refuses a key that does not fit the algorithm', () => {
    expect(() => createJwsSigner('ES256', keys.EdDSA.privateKeyPem)).toThrow(/P-256/);
    expect(() => createJwsSigner('EdDSA', keys.ES256.privateKeyPem)).toThrow(/Ed25519/);
    expect(() => createJwsSigner('RS256', keys.ES256.privateKeyPem)).toThrow(/RSA/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(() => createJwsSigner('ES256', p384)).toThrow(/P-256/);
    const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    expect(() => createJwsSigner('RS256', rsa1024)).toThrow(/2048/);
    const pub = generateKeyPairSync('ed25519').publicKey;
    expect(() => createJwsSigner('EdDSA', pub)).toThrow(/private/);
    expect(() => createJwsSigner('HS256' as SigningAlg, keys.ES256.privateKeyPem)).toThrow(/unsupported/);
  });

  it('refuses a header whose alg is not the signer’s', async () => {
    const signer = createJwsSigner('ES256', keys.ES256.privateKeyPem);
    await expect(signCompactJws(signer, { alg: 'RS256' }, {})).rejects.toThrow(/does not match/);
  });
});

describe('issueAccessToken with the node:crypto signer', () => {
  it.each(SIGNING_ALGS)('%s: jose jwtVerify accepts the token (typ at+jwt, RFC 9068 claims)', async (alg) => {
    const k = keys[alg];
    const ring = await KeyRing.load(
      [{ kid: k.kid, alg, state: 'active', publicJwk: k.publicJwk, createdAt: new Date() }],
      { privateKeyPem: () => k.privateKeyPem },
    );
    const { token, claims } = await issueAccessToken(ring.activeKey(), {
      issuer: ISSUER,
      clientId: 'agt_123',
      audience: AUDIENCE,
      scopes: ['mcp:tools'],
      lifetimeSec: 300,
    });
    expect(decodeProtectedHeader(token)).toEqual({ alg, kid: k.kid, typ: 'at+jwt' });
    const { payload } = await jwtVerify(token, await publicKey(alg), {
      algorithms: [alg],
      issuer: ISSUER,
      audience: AUDIENCE,
      typ: 'at+jwt',
      requiredClaims: ['sub', 'client_id', 'jti', 'iat', 'exp'],
    });
    expect(payload).toEqual({ ...claims });
    // Same claim order as before the signer changed (jose kept insertion order).
    expect(Object.keys(payload)).toEqual(['iss', 'sub', 'aud', 'client_id', 'scope', 'jti', 'iat', 'exp']);
  });

  it.each(['EdDSA', 'RS256'] as const)('%s: the same token jose SignJWT produced before', async (alg) => {
    const k = keys[alg];
    const ring = await KeyRing.load(
      [{ kid: k.kid, alg, state: 'active', publicJwk: k.publicJwk, createdAt: new Date() }],
      { privateKeyPem: () => k.privateKeyPem },
    );
    const key = ring.activeKey();
    const { token, claims } = await issueAccessToken(key, {
      issuer: ISSUER,
      clientId: 'agt_123',
      audience: AUDIENCE,
      scopes: ['mcp:tools'],
      lifetimeSec: 300,
    });
    const before = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
      .sign(key.privateKey);
    expect(token).toBe(before);
  });
});
