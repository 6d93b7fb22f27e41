import { createPublicKey } from 'node:crypto';
import { decodeProtectedHeader } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { TokenError, issueAccessToken, verifyAccessToken } from './access-token';
import type { VerifyAccessTokenOptions } from './access-token';
import { KeyRing, SIGNING_ALGS, generateSigningKey } from './signing-keys';
import type { GeneratedSigningKey, SigningAlg } from './signing-keys';
import { forgeHs256, forgeJws, forgeUnsigned } from './test-support';

const ISSUER = 'https://gw.example.com/acme';
const AUDIENCE = 'https://gw.example.com/acme/github/mcp';
const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;

const keys = {} as Record<SigningAlg, GeneratedSigningKey>;
const rings = {} as Record<SigningAlg, KeyRing>;

beforeAll(async () => {
  for (const alg of SIGNING_ALGS) {
    const k = await generateSigningKey(alg);
    keys[alg] = k;
    rings[alg] = await KeyRing.load(
      [{ kid: k.kid, alg, state: 'active', publicJwk: k.publicJwk, createdAt: NOW }],
      {
        privateKeyPem: () => k.privateKeyPem,
      },
    );
  }
});

function options(
  alg: SigningAlg = 'ES256',
  extra: Partial<VerifyAccessTokenOptions> = {},
): VerifyAccessTokenOptions {
  return {
    issuer: ISSUER,
    audience: AUDIENCE,
    keys: (kid) => rings[alg].verificationKey(kid),
    now: NOW,
    clockToleranceSec: 30,
    ...extra,
  };
}

function issue(alg: SigningAlg = 'ES256', extra: Partial<Parameters<typeof issueAccessToken>[1]> = {}) {
  return issueAccessToken(rings[alg].activeKey(), {
    issuer: ISSUER,
    clientId: 'agt_123',
    audience: AUDIENCE,
    scopes: ['mcp:tools:search', 'mcp:resources'],
    lifetimeSec: 300,
    now: NOW,
    ...extra,
  });
}

/** Valid ES256 claims, for hand-made tokens that differ in one respect. */
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    iss: ISSUER,
    sub: 'agt_123',
    aud: AUDIENCE,
    client_id: 'agt_123',
    scope: 'mcp:tools',
    jti: 'j1',
    iat: NOW_S,
    exp: NOW_S + 300,
    ...overrides,
  };
}
const header = (overrides: Record<string, unknown> = {}) => ({
  alg: 'ES256',
  typ: 'at+jwt',
  kid: keys.ES256.kid,
  ...overrides,
});
const forge = (h: Record<string, unknown> = {}, c: Record<string, unknown> = {}) =>
  forgeJws(header(h), claims(c), keys.ES256.privateKeyPem);

/** The TokenError code a verification fails with; also checks the token never leaks into the message. */
async function refusal(token: string, opts: VerifyAccessTokenOptions = options()): Promise<string> {
  try {
    await verifyAccessToken(token, opts);
  } catch (e) {
    if (!(e instanceof TokenError)) throw e;
    if (token.length > 10) {
      expect(e.message).not.toContain(token);
      for (const part of token.split('.')) if (part.length > 10) expect(e.message).not.toContain(part);
    }
    return e.code;
  }
  return 'accepted';
}

describe('issueAccessToken / verifyAccessToken round trip', () => {
  it.each(SIGNING_ALGS)('%s: RFC 9068 header and claims, verified back', async (alg) => {
    const { token, claims: issued, expiresAt } = await issue(alg);
    expect(decodeProtectedHeader(token)).toEqual({ alg, kid: keys[alg].kid, typ: 'at+jwt' });
    expect(issued).toEqual({
      iss: ISSUER,
      sub: 'agt_123',
      aud: AUDIENCE,
      client_id: 'agt_123',
      scope: 'mcp:tools:search mcp:resources',
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      iat: NOW_S,
      exp: NOW_S + 300,
    });
    expect(expiresAt).toEqual(new Date((NOW_S + 300) * 1000));
    const verified = await verifyAccessToken(token, options(alg));
    expect(verified.claims).toEqual(issued);
    expect(verified.scopes).toEqual(['mcp:tools:search', 'mcp:resources']);
    expect(verified.kid).toBe(keys[alg].kid);
    expect(verified.alg).toBe(alg);
  });

  it('gives every token a distinct jti', async () => {
    const a = await issue();
    const b = await issue();
    expect(a.claims.jti).not.toBe(b.claims.jti);
  });

  it('adds nbf on request and honours it', async () => {
    const { token, claims: c } = await issue('ES256', { includeNotBefore: true });
    expect(c.nbf).toBe(NOW_S);
    await expect(verifyAccessToken(token, options())).resolves.toBeDefined();
  });

  it('refuses to mint for a non-canonical audience, a bad lifetime or a bad scope', async () => {
    await expect(issue('ES256', { audience: 'https://GW.example.com/acme/github/mcp/' })).rejects.toThrow(
      /canonical/,
    );
    await expect(issue('ES256', { lifetimeSec: 0 })).rejects.toThrow(/lifetimeSec/);
    await expect(issue('ES256', { scopes: ['two words'] })).rejects.toThrow(/scope tokens/);
  });
});

describe('verifyAccessToken refusals', () => {
  it('accepts the long typ form application/at+jwt and a one-element aud array', async () => {
    expect(await refusal(forge({ typ: 'application/at+jwt' }))).toBe('accepted');
    expect(await refusal(forge({}, { aud: [AUDIENCE] }))).toBe('accepted');
  });

  it('malformed input', async () => {
    for (const bad of [
      '',
      'abc',
      'a.b',
      'a.b.c.d.e',
      '!!!.b.c',
      `${Buffer.from('not json').toString('base64url')}.e30.c2ln`,
      'x'.repeat(9000),
    ]) {
      expect(await refusal(bad)).toBe('malformed');
    }
    expect(await refusal(forgeJws(header(), ['not', 'an', 'object'], keys.ES256.privateKeyPem))).toBe(
      'malformed',
    );
  });

  it('alg none, signed or not', async () => {
    expect(await refusal(forgeUnsigned(header(), claims()))).toBe('malformed');
    expect(await refusal(forgeUnsigned(header(), claims(), 'c2ln'))).toBe('bad_alg');
  });

  it('key confusion: HS256 signed with the public key bytes is refused', async () => {
    const publicPem = createPublicKey(keys.ES256.privateKeyPem).export({ type: 'spki', format: 'pem' });
    const publicDer = createPublicKey(keys.ES256.privateKeyPem).export({ type: 'spki', format: 'der' });
    expect(await refusal(forgeHs256(header({ alg: 'HS256' }), claims(), publicPem))).toBe('bad_alg');
    expect(await refusal(forgeHs256(header({ alg: 'HS256' }), claims(), publicDer))).toBe('bad_alg');
    expect(
      await refusal(forgeHs256(header({ alg: 'HS256' }), claims(), JSON.stringify(keys.ES256.publicJwk))),
    ).toBe('bad_alg');
  });

  it('an alg off the allow-list, or not the alg of the key the kid names', async () => {
    const ed = await issue('EdDSA');
    expect(await refusal(ed.token, options('EdDSA', { algorithms: ['ES256'] }))).toBe('bad_alg');
    expect(await refusal(forge({ alg: 'ES384' }))).toBe('bad_alg');
    // An EdDSA-signed token claiming the ES256 key's kid.
    const mixed = forgeJws(header({ alg: 'EdDSA' }), claims(), keys.EdDSA.privateKeyPem);
    expect(await refusal(mixed)).toBe('bad_alg');
  });

  it('refuses to be configured with none or HS*', async () => {
    const { token } = await issue();
    await expect(
      verifyAccessToken(token, options('ES256', { algorithms: ['HS256' as SigningAlg] })),
    ).rejects.toThrow(TypeError);
    await expect(
      verifyAccessToken(token, options('ES256', { algorithms: ['none' as SigningAlg] })),
    ).rejects.toThrow(TypeError);
    await expect(verifyAccessToken(token, options('ES256', { algorithms: [] }))).rejects.toThrow(TypeError);
  });

  it('typ other than at+jwt, or missing', async () => {
    expect(await refusal(forge({ typ: 'JWT' }))).toBe('bad_typ');
    expect(await refusal(forge({ typ: undefined }))).toBe('bad_typ');
    expect(await refusal(forge({ typ: 'application/jwt' }))).toBe('bad_typ');
  });

  it('missing or unknown kid', async () => {
    expect(await refusal(forge({ kid: undefined }))).toBe('unknown_kid');
    expect(await refusal(forge({ kid: 'nope' }))).toBe('unknown_kid');
    const { token } = await issue('EdDSA');
    expect(await refusal(token, options('ES256'))).toBe('unknown_kid');
  });

  it('no longer accepts a retired key once its publishUntil has passed', async () => {
    const k = keys.ES256;
    const ring = await KeyRing.load(
      [
        {
          kid: k.kid,
          alg: 'ES256',
          state: 'retired',
          publicJwk: k.publicJwk,
          createdAt: NOW,
          retiredAt: NOW,
          publishUntil: new Date(NOW.getTime() + 60_000),
        },
      ],
      { now: NOW },
    );
    const { token } = await issue();
    const later = new Date(NOW.getTime() + 61_000);
    expect(await refusal(token, options('ES256', { keys: (kid) => ring.verificationKey(kid, NOW) }))).toBe(
      'accepted',
    );
    expect(
      await refusal(token, options('ES256', { keys: (kid) => ring.verificationKey(kid, later), now: later })),
    ).toBe('unknown_kid');
  });

  it('headers that point at keys (jku, x5u, jwk, x5c) and crit', async () => {
    for (const h of [
      { jku: 'https://evil.example/jwks' },
      { x5u: 'https://evil.example/cert' },
      { jwk: keys.ES256.publicJwk },
      { x5c: ['MIIB'] },
      { crit: ['exp'] },
      { crit: ['x-custom'], 'x-custom': 1 },
    ]) {
      expect(await refusal(forge(h))).toBe('bad_header');
    }
  });

  it('a bad signature: tampered payload, or another key under our kid', async () => {
    const { token } = await issue();
    const [h, , s] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify(claims({ scope: 'mcp:tools' }))).toString('base64url')}.${s}`;
    expect(await refusal(tampered)).toBe('bad_signature');
    const attacker = await generateSigningKey('ES256');
    expect(await refusal(forgeJws(header(), claims(), attacker.privateKeyPem))).toBe('bad_signature');
  });

  it('another issuer', async () => {
    expect(await refusal(forge({}, { iss: 'https://gw.example.com/other' }))).toBe('bad_issuer');
    expect(await refusal(forge({}, { iss: undefined }))).toBe('bad_issuer');
  });

  it('another audience, a multi-audience array, or none', async () => {
    expect(await refusal(forge({}, { aud: 'https://gw.example.com/acme/other/mcp' }))).toBe('bad_audience');
    expect(await refusal(forge({}, { aud: `${AUDIENCE}/` }))).toBe('bad_audience');
    expect(await refusal(forge({}, { aud: [AUDIENCE, 'https://gw.example.com/acme/other/mcp'] }))).toBe(
      'bad_audience',
    );
    expect(await refusal(forge({}, { aud: undefined }))).toBe('bad_audience');
    const { token } = await issue();
    expect(
      await refusal(token, options('ES256', { audience: 'https://gw.example.com/acme/other/mcp' })),
    ).toBe('bad_audience');
  });

  it('expired, with the clock tolerance honoured', async () => {
    const { token } = await issue('ES256', { lifetimeSec: 60 });
    const at = (s: number) => options('ES256', { now: new Date((NOW_S + s) * 1000) });
    expect(await refusal(token, at(60 + 29))).toBe('accepted');
    expect(await refusal(token, at(60 + 30))).toBe('expired');
  });

  it('nbf or iat in the future beyond the tolerance', async () => {
    expect(await refusal(forge({}, { nbf: NOW_S + 20 }))).toBe('accepted');
    expect(await refusal(forge({}, { nbf: NOW_S + 31 }))).toBe('not_yet_valid');
    expect(await refusal(forge({}, { iat: NOW_S + 31 }))).toBe('not_yet_valid');
  });

  it('required claims missing or of the wrong type', async () => {
    for (const c of [
      { exp: undefined },
      { exp: String(NOW_S + 300) },
      { iat: undefined },
      { jti: undefined },
      { sub: undefined },
      { client_id: undefined },
      { client_id: '' },
      { scope: ['mcp:tools'] },
      { nbf: 'soon' },
    ]) {
      expect(await refusal(forge({}, c))).toBe('bad_claims');
    }
  });

  it('refuses to run without an issuer or audience to compare with', async () => {
    const { token } = await issue();
    await expect(verifyAccessToken(token, options('ES256', { issuer: '' }))).rejects.toThrow(TypeError);
  });
});

describe('a person as the subject', () => {
  it('puts the person in sub and the client in client_id, and refuses a subject equal to the client', async () => {
    const base = {
      issuer: ISSUER,
      clientId: 'mcpc_host',
      audience: AUDIENCE,
      scopes: ['mcp:tools'],
      lifetimeSec: 300,
      now: NOW,
    };
    const { token } = await issueAccessToken(rings.ES256.activeKey(), {
      ...base,
      subject: '7f1c2a9e-0000-4000-8000-000000000001',
    });
    const { claims } = await verifyAccessToken(token, options());
    expect(claims.sub).toBe('7f1c2a9e-0000-4000-8000-000000000001');
    expect(claims.client_id).toBe('mcpc_host');
    await expect(
      issueAccessToken(rings.ES256.activeKey(), { ...base, subject: 'mcpc_host' }),
    ).rejects.toThrow(TypeError);
  });
});
