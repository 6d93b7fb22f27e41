import { createPublicKey } from 'node:crypto';
import { SignJWT, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { ClientAssertionError, peekClientId, verifyClientAssertion } from './client-assertion';
import type { VerifyClientAssertionOptions } from './client-assertion';
import { MemoryReplayStore } from './replay-store';
import { forgeHs256, forgeJws, forgeUnsigned } from './test-support';

const ISSUER = 'https://gw.example.com/acme';
const TOKEN_ENDPOINT = 'https://gw.example.com/acme/token';
const CLIENT = 'agt_7Qx2';
const NOW = new Date('2026-03-01T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;

interface ClientKey {
  privateKey: CryptoKey;
  publicJwk: JWK;
}
let es: ClientKey;
let ed: ClientKey;
let rsa: ClientKey;
let esPem: string;

async function clientKey(alg: string, extra: Partial<JWK> = {}): Promise<ClientKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { privateKey, publicJwk: { ...(await exportJWK(publicKey)), ...extra } };
}

beforeAll(async () => {
  es = await clientKey('ES256');
  ed = await clientKey('EdDSA');
  rsa = await clientKey('RS256', { kid: 'rsa-1', alg: 'RS256', use: 'sig' });
  esPem = await exportPKCS8(es.privateKey);
});

function opts(extra: Partial<VerifyClientAssertionOptions> = {}): VerifyClientAssertionOptions {
  return {
    clientKeys: [es.publicJwk, ed.publicJwk, rsa.publicJwk],
    expectedAudiences: [ISSUER, TOKEN_ENDPOINT],
    replay: new MemoryReplayStore(() => NOW.getTime()),
    now: NOW,
    maxLifetimeSec: 300,
    ...extra,
  };
}

let seq = 0;
function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  // What the MCP TS SDK's PrivateKeyJwtProvider sends.
  return {
    iss: CLIENT,
    sub: CLIENT,
    aud: ISSUER,
    iat: NOW_S,
    exp: NOW_S + 300,
    jti: `${NOW.getTime()}-${seq++}`,
    ...overrides,
  };
}

/** SDK-shaped assertion: header {alg, typ: JWT}, no kid unless asked. */
async function assertion(
  key: ClientKey,
  alg: string,
  c: Record<string, unknown> = claims(),
  header: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT(c).setProtectedHeader({ alg, typ: 'JWT', ...header }).sign(key.privateKey);
}

async function refusal(jwt: string, o: VerifyClientAssertionOptions = opts()): Promise<string> {
  try {
    await verifyClientAssertion(jwt, o);
  } catch (e) {
    if (!(e instanceof ClientAssertionError)) throw e;
    for (const part of jwt.split('.')) if (part.length > 10) expect(e.message).not.toContain(part);
    return e.code;
  }
  return 'accepted';
}

describe('verifyClientAssertion: success', () => {
  it('accepts an SDK-shaped assertion without kid, trying each registered key', async () => {
    for (const [key, alg] of [
      [es, 'ES256'],
      [ed, 'EdDSA'],
      [rsa, 'RS256'],
    ] as const) {
      const result = await verifyClientAssertion(await assertion(key, alg), opts());
      expect(result.clientId).toBe(CLIENT);
      expect(result.alg).toBe(alg);
      expect(result.expiresAt).toEqual(new Date((NOW_S + 300) * 1000));
    }
  });

  it('accepts an assertion with a kid naming a registered key, and reports that kid', async () => {
    const result = await verifyClientAssertion(
      await assertion(rsa, 'RS256', claims(), { kid: 'rsa-1' }),
      opts(),
    );
    expect(result).toMatchObject({ clientId: CLIENT, kid: 'rsa-1', alg: 'RS256' });
  });

  it('accepts the token endpoint URL as aud, and PS256 with an RSA key', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims({ aud: TOKEN_ENDPOINT })))).toBe('accepted');
    const ps = await clientKey('PS256');
    expect(await refusal(await assertion(ps, 'PS256'), opts({ clientKeys: [ps.publicJwk] }))).toBe(
      'accepted',
    );
  });

  it('falls back to kid-less registered keys when the kid is not registered', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims(), { kid: 'client-side-name' }))).toBe(
      'accepted',
    );
  });

  it('checks a client_id named in the request', async () => {
    expect(await refusal(await assertion(es, 'ES256'), opts({ clientId: CLIENT }))).toBe('accepted');
    expect(await refusal(await assertion(es, 'ES256'), opts({ clientId: 'agt_other' }))).toBe(
      'client_mismatch',
    );
  });
});

describe('verifyClientAssertion: refusals', () => {
  it('alg none', async () => {
    expect(await refusal(forgeUnsigned({ typ: 'JWT' }, claims(), 'c2ln'))).toBe('bad_alg');
    expect(await refusal(forgeUnsigned({ typ: 'JWT' }, claims()))).toBe('malformed');
  });

  it('HS256 with the public key as secret', async () => {
    const pem = createPublicKey(esPem).export({ type: 'spki', format: 'pem' });
    expect(await refusal(forgeHs256({ alg: 'HS256', typ: 'JWT' }, claims(), pem))).toBe('bad_alg');
    expect(
      await refusal(forgeHs256({ alg: 'HS256', typ: 'JWT' }, claims(), JSON.stringify(es.publicJwk))),
    ).toBe('bad_alg');
    // Even a registered symmetric key is never used.
    const oct: JWK = { kty: 'oct', k: Buffer.from('shared-secret').toString('base64url') };
    expect(
      await refusal(
        forgeHs256({ alg: 'HS256', typ: 'JWT' }, claims(), 'shared-secret'),
        opts({ clientKeys: [oct] }),
      ),
    ).toBe('bad_alg');
  });

  it('alg off the list', async () => {
    const es384 = await clientKey('ES384');
    expect(await refusal(await assertion(es384, 'ES384'), opts({ clientKeys: [es384.publicJwk] }))).toBe(
      'bad_alg',
    );
    expect(await refusal(await assertion(ed, 'EdDSA'), opts({ algorithms: ['ES256'] }))).toBe('bad_alg');
    await expect(
      verifyClientAssertion(await assertion(es, 'ES256'), opts({ algorithms: ['HS256' as never] })),
    ).rejects.toThrow(TypeError);
  });

  it('unknown key: no registered key of that kind, or a kid matching nothing usable', async () => {
    expect(
      await refusal(await assertion(ed, 'EdDSA'), opts({ clientKeys: [es.publicJwk, rsa.publicJwk] })),
    ).toBe('unknown_key');
    expect(
      await refusal(
        await assertion(rsa, 'RS256', claims(), { kid: 'rsa-2' }),
        opts({ clientKeys: [rsa.publicJwk] }),
      ),
    ).toBe('unknown_key');
    expect(await refusal(await assertion(es, 'ES256'), opts({ clientKeys: [] }))).toBe('unknown_key');
    // A registered key marked for encryption only is not a signing key.
    expect(
      await refusal(await assertion(es, 'ES256'), opts({ clientKeys: [{ ...es.publicJwk, use: 'enc' }] })),
    ).toBe('unknown_key');
  });

  it('a signature by a key the client did not register', async () => {
    const stranger = await clientKey('ES256');
    expect(await refusal(await assertion(stranger, 'ES256'))).toBe('bad_signature');
  });

  it('expired, with the skew honoured', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims({ iat: NOW_S - 400, exp: NOW_S - 30 })))).toBe(
      'accepted',
    );
    expect(await refusal(await assertion(es, 'ES256', claims({ iat: NOW_S - 400, exp: NOW_S - 60 })))).toBe(
      'expired',
    );
  });

  it('exp far in the future', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims({ exp: NOW_S + 300 + 60 })))).toBe('accepted');
    expect(await refusal(await assertion(es, 'ES256', claims({ exp: NOW_S + 3600 })))).toBe('exp_too_far');
  });

  it('iat or nbf in the future', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims({ iat: NOW_S + 120 })))).toBe('not_yet_valid');
    expect(await refusal(await assertion(es, 'ES256', claims({ nbf: NOW_S + 120 })))).toBe('not_yet_valid');
  });

  it('wrong aud, array aud, missing aud', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims({ aud: 'https://gw.example.com/other' })))).toBe(
      'bad_audience',
    );
    expect(await refusal(await assertion(es, 'ES256', claims({ aud: [ISSUER] })))).toBe('bad_audience');
    expect(await refusal(await assertion(es, 'ES256', claims({ aud: [ISSUER, TOKEN_ENDPOINT] })))).toBe(
      'bad_audience',
    );
    expect(await refusal(await assertion(es, 'ES256', claims({ aud: undefined })))).toBe('bad_audience');
  });

  it('missing sub, iss != sub, missing jti, missing exp', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims({ sub: undefined })))).toBe('bad_claims');
    expect(await refusal(await assertion(es, 'ES256', claims({ iss: 'agt_other' })))).toBe('bad_issuer');
    expect(await refusal(await assertion(es, 'ES256', claims({ jti: undefined })))).toBe('bad_claims');
    expect(await refusal(await assertion(es, 'ES256', claims({ jti: '' })))).toBe('bad_claims');
    expect(await refusal(await assertion(es, 'ES256', claims({ exp: undefined })))).toBe('bad_claims');
  });

  it('a replayed jti, and a refused assertion does not burn its jti', async () => {
    const o = opts();
    const c = claims();
    expect(await refusal(await assertion(es, 'ES256', { ...c, aud: 'https://wrong.example' }), o)).toBe(
      'bad_audience',
    );
    const good = await assertion(es, 'ES256', c);
    expect(await refusal(good, o)).toBe('accepted');
    expect(await refusal(good, o)).toBe('replayed');
    // Same jti in a freshly signed assertion is still a replay.
    expect(await refusal(await assertion(ed, 'EdDSA', c), o)).toBe('replayed');
  });

  it('headers that name keys, crit, and a wrong typ', async () => {
    expect(await refusal(await assertion(es, 'ES256', claims(), { jwk: es.publicJwk }))).toBe('bad_header');
    expect(await refusal(forgeJws({ alg: 'ES256', crit: ['exp'] }, claims(), esPem))).toBe('bad_header');
    expect(await refusal(await assertion(es, 'ES256', claims(), { typ: 'at+jwt' }))).toBe('bad_typ');
    expect(await refusal(await assertion(es, 'ES256', claims(), { typ: 'client-authentication+jwt' }))).toBe(
      'accepted',
    );
  });
});

describe('peekClientId', () => {
  it('reads the client_id from iss = sub without verifying', async () => {
    expect(peekClientId(await assertion(es, 'ES256'))).toBe(CLIENT);
    expect(peekClientId(forgeUnsigned({}, claims(), 'x'))).toBe(CLIENT); // unverified, by design
  });

  it('is undefined when iss and sub differ, are missing, or the input is not a JWT', async () => {
    expect(peekClientId(await assertion(es, 'ES256', claims({ iss: 'other' })))).toBeUndefined();
    expect(
      peekClientId(await assertion(es, 'ES256', claims({ sub: undefined, iss: undefined }))),
    ).toBeUndefined();
    expect(peekClientId('garbage')).toBeUndefined();
    expect(peekClientId('')).toBeUndefined();
  });
});

describe('MemoryReplayStore', () => {
  it('remembers a key for its TTL only', async () => {
    let now = 0;
    const store = new MemoryReplayStore(() => now);
    expect(await store.markIfNew('a', 10)).toBe(true);
    expect(await store.markIfNew('a', 10)).toBe(false);
    now = 10_000;
    expect(await store.markIfNew('a', 10)).toBe(true);
  });

  it('forgets expired keys', async () => {
    let now = 0;
    const store = new MemoryReplayStore(() => now);
    await store.markIfNew('a', 1);
    await store.markIfNew('b', 1000);
    now = 120_000;
    await store.markIfNew('c', 1);
    expect(store.size).toBe(2);
  });
});
