import { SignJWT, calculateJwkThumbprint, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { KeyRing, SIGNING_ALGS, generateSigningKey } from './signing-keys';
import type { GeneratedSigningKey, SigningKeyRecord, SigningKeyState } from './signing-keys';

const T0 = new Date('2026-01-01T00:00:00Z');
const at = (sec: number) => new Date(T0.getTime() + sec * 1000);

function record(
  k: GeneratedSigningKey,
  state: SigningKeyState,
  extra: Partial<SigningKeyRecord> = {},
): SigningKeyRecord {
  return { kid: k.kid, alg: k.alg, state, publicJwk: k.publicJwk, createdAt: T0, ...extra };
}

describe('generateSigningKey', () => {
  it.each(SIGNING_ALGS)(
    '%s: public JWK with thumbprint kid, alg and use, private key as PKCS#8 PEM',
    async (alg) => {
      const k = await generateSigningKey(alg);
      expect(k.alg).toBe(alg);
      expect(k.publicJwk).toMatchObject({ kid: k.kid, alg, use: 'sig' });
      expect(k.kid).toBe(await calculateJwkThumbprint(k.publicJwk, 'sha256'));
      expect(k.publicJwk).not.toHaveProperty('d');
      expect(k.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n?$/);
    },
  );

  it('defaults to ES256 on P-256, and RS256 keys are 2048-bit', async () => {
    const ec = await generateSigningKey();
    expect(ec.publicJwk).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256' });
    const rsa = await generateSigningKey('RS256');
    expect(Buffer.from(rsa.publicJwk.n ?? '', 'base64url')).toHaveLength(256);
    const ed = await generateSigningKey('EdDSA');
    expect(ed.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519' });
  });

  it('refuses an algorithm off the list', async () => {
    await expect(generateSigningKey('HS256' as never)).rejects.toThrow(/unsupported/);
  });
});

describe('KeyRing', () => {
  it('signs with the active key and publishes active, next and still-valid retired keys', async () => {
    const [active, next, retired, expired] = await Promise.all([
      generateSigningKey(),
      generateSigningKey('EdDSA'),
      generateSigningKey('RS256'),
      generateSigningKey(),
    ]);
    const pems = new Map([active, next, retired, expired].map((k) => [k.kid, k.privateKeyPem]));
    const ring = await KeyRing.load(
      [
        record(retired, 'retired', { retiredAt: at(0), publishUntil: at(3600) }),
        record(expired, 'retired', { retiredAt: at(-7200), publishUntil: at(-1) }),
        record(next, 'next'),
        record(active, 'active', { activatedAt: at(0) }),
      ],
      { privateKeyPem: (r) => pems.get(r.kid) as string, now: at(10) },
    );

    const signer = ring.activeKey();
    expect(signer.kid).toBe(active.kid);
    const token = await new SignJWT({ a: 1 })
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid })
      .sign(signer.privateKey);
    const publicKey = ring.verificationKey(active.kid, at(10));
    expect(publicKey).toBeDefined();
    await expect(jwtVerify(token, publicKey as NonNullable<typeof publicKey>)).resolves.toMatchObject({
      payload: { a: 1 },
    });

    expect(ring.verificationKeys(at(10)).map((k) => [k.kid, k.state])).toEqual([
      [active.kid, 'active'],
      [next.kid, 'next'],
      [retired.kid, 'retired'],
    ]);
    const jwks = ring.jwks(at(10));
    expect(jwks.keys.map((k) => k.kid)).toEqual([active.kid, next.kid, retired.kid]);
    for (const k of jwks.keys) expect(Object.keys(k).sort()).not.toContain('d');
    expect(ring.verificationKey(expired.kid, at(10))).toBeUndefined();
    expect(ring.verificationKey('no-such-kid', at(10))).toBeUndefined();
  });

  it('stops answering for a retired key once its publishUntil has passed', async () => {
    const [active, retired] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const ring = await KeyRing.load(
      [record(active, 'active'), record(retired, 'retired', { publishUntil: at(100) })],
      { now: at(0) },
    );
    expect(ring.verificationKey(retired.kid, at(99))).toBeDefined();
    expect(ring.verificationKey(retired.kid, at(100))).toBeUndefined();
    expect(ring.jwks(at(100)).keys.map((k) => k.kid)).toEqual([active.kid]);
  });

  it('imports each private key once and reuses imported keys across reloads', async () => {
    const [active, next] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const pems = new Map([active, next].map((k) => [k.kid, k.privateKeyPem]));
    const asked: string[] = [];
    const privateKeyPem = (r: SigningKeyRecord) => {
      asked.push(r.kid);
      return pems.get(r.kid) as string;
    };
    const first = await KeyRing.load([record(active, 'active'), record(next, 'next')], { privateKeyPem });
    expect(asked.sort()).toEqual([active.kid, next.kid].sort());

    // Rotation: next becomes active, active retires. Nothing is unsealed or imported again.
    const second = await KeyRing.load(
      [
        record(next, 'active', { activatedAt: at(1) }),
        record(active, 'retired', { retiredAt: at(1), publishUntil: at(1e9) }),
      ],
      { privateKeyPem, previous: first, now: at(1) },
    );
    expect(asked).toHaveLength(2);
    expect(second.activeKey().kid).toBe(next.kid);
    expect(second.verificationKey(active.kid, at(2))).toBe(first.verificationKey(active.kid, at(2)));
  });

  it('a verify-only ring publishes keys but cannot sign', async () => {
    const active = await generateSigningKey();
    const ring = await KeyRing.load([record(active, 'active')]);
    expect(ring.jwks().keys).toHaveLength(1);
    expect(() => ring.activeKey()).toThrow(/without its private key/);
  });

  it('has no active key when none is active', async () => {
    const next = await generateSigningKey();
    const ring = await KeyRing.load([record(next, 'next')], { privateKeyPem: () => next.privateKeyPem });
    expect(() => ring.activeKey()).toThrow(/no active signing key/);
  });

  it('refuses corrupt rows: kid not the thumbprint, private members, wrong private key, retired without publishUntil', async () => {
    const [a, b] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    await expect(KeyRing.load([{ ...record(a, 'active'), kid: b.kid }])).rejects.toThrow(/thumbprint/);
    await expect(
      KeyRing.load([{ ...record(a, 'active'), publicJwk: { ...a.publicJwk, d: 'secret' } as never }]),
    ).rejects.toThrow(/private key members/);
    await expect(
      KeyRing.load([record(a, 'active')], { privateKeyPem: () => b.privateKeyPem }),
    ).rejects.toThrow(/does not match its public key/);
    await expect(KeyRing.load([record(a, 'retired')])).rejects.toThrow(/publishUntil/);
    await expect(KeyRing.load([record(a, 'active'), record(a, 'next')])).rejects.toThrow(/duplicate/);
  });

  it('with two active rows, the most recently activated one signs', async () => {
    const [older, newer] = await Promise.all([generateSigningKey(), generateSigningKey()]);
    const pems = new Map([older, newer].map((k) => [k.kid, k.privateKeyPem]));
    const ring = await KeyRing.load(
      [record(newer, 'active', { activatedAt: at(50) }), record(older, 'active', { activatedAt: at(10) })],
      { privateKeyPem: (r) => pems.get(r.kid) as string },
    );
    expect(ring.activeKey().kid).toBe(newer.kid);
  });
});
