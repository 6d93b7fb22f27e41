import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startLocalIssuer, type LocalIssuer, type SigningKey } from '../test-support/local-issuer.js';
import { createTokenVerifier, TokenVerificationError, type TokenVerifierOptions } from './index.js';

let issuer: LocalIssuer;
let key: SigningKey;
beforeEach(async () => {
  issuer = await startLocalIssuer();
  key = await issuer.newKey('ES256');
  issuer.published = [key];
});
afterEach(async () => {
  vi.useRealTimers();
  await issuer.close();
});

const verifier = (options: Partial<TokenVerifierOptions> = {}) =>
  createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, ...options });
const reasonOf = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (e: unknown) => (e instanceof TokenVerificationError ? e.reason : `unexpected ${String(e)}`),
  );
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('createTokenVerifier', () => {
  it.each(['ES256', 'EdDSA', 'RS256'])(
    'accepts a %s platform token and returns the agent and its scopes',
    async (alg) => {
      const signing = await issuer.newKey(alg);
      issuer.published = [signing];
      const token = await issuer.sign(signing, {
        scope: 'mcp:tools:echo mcp:tools:add',
        client_id: 'agent-7',
        sub: 'agent-7',
      });
      const verified = await verifier().verify(token);
      expect(verified).toMatchObject({
        clientId: 'agent-7',
        subject: 'agent-7',
        scopes: ['mcp:tools:echo', 'mcp:tools:add'],
        issuer: issuer.issuer,
        audience: issuer.audience,
      });
    },
  );

  it('finds the key set through the issuer metadata, and caches it', async () => {
    const v = verifier();
    await v.verify(await issuer.sign(key));
    await v.verify(await issuer.sign(key));
    expect(issuer.jwksFetches).toBe(1);
  });

  it('refuses a wrong audience or issuer, an expired or not yet valid token, and a wrong typ', async () => {
    const v = verifier();
    const now = Math.floor(Date.now() / 1000);
    expect(await reasonOf(v.verify(await issuer.sign(key, { aud: 'http://127.0.0.1/mcp/acme/other' })))).toBe(
      'bad_audience',
    );
    expect(await reasonOf(v.verify(await issuer.sign(key, { iss: `${issuer.issuer}x` })))).toBe('bad_issuer');
    expect(await reasonOf(v.verify(await issuer.sign(key, { iat: now - 600, exp: now - 60 })))).toBe(
      'expired',
    );
    expect(await reasonOf(v.verify(await issuer.sign(key, { nbf: now + 120 })))).toBe('not_yet_valid');
    expect(await reasonOf(v.verify(await issuer.sign(key, {}, { typ: 'JWT' })))).toBe('bad_type');
    expect(await reasonOf(v.verify(await issuer.sign(key, { client_id: undefined })))).toBe('missing_claim');
    // Inside the clock tolerance (5 s) a token just past exp still passes.
    expect(await reasonOf(v.verify(await issuer.sign(key, { iat: now - 300, exp: now - 2 })))).toBe(
      'accepted',
    );
  });

  it('refuses alg none and HS256 signed with the public key as the secret', async () => {
    const v = verifier();
    const claims = {
      iss: issuer.issuer,
      aud: issuer.audience,
      sub: 'a',
      client_id: 'a',
      jti: 'j',
      iat: 1,
      exp: 4_000_000_000,
    };
    const unsigned = `${b64({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}.`;
    expect(await reasonOf(v.verify(unsigned))).toBe('malformed');
    const unsignedWithSig = `${b64({ alg: 'none', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}.AAAA`;
    expect(await reasonOf(v.verify(unsignedWithSig))).toBe('bad_algorithm');
    const input = `${b64({ alg: 'HS256', typ: 'at+jwt', kid: key.kid })}.${b64(claims)}`;
    const hmac = createHmac('sha256', JSON.stringify(key.publicJwk)).update(input).digest('base64url');
    expect(await reasonOf(v.verify(`${input}.${hmac}`))).toBe('bad_algorithm');
    // Nor can the allow-list be widened to them.
    expect(() => verifier({ algorithms: ['HS256' as 'ES256'] })).toThrow(/subset of ES256, EdDSA, RS256/);
    expect(() => verifier({ algorithms: ['none' as 'ES256'] })).toThrow(/refused: none/);
    // An allowed algorithm outside this server's list is refused too.
    expect(await reasonOf(verifier({ algorithms: ['EdDSA'] }).verify(await issuer.sign(key)))).toBe(
      'bad_algorithm',
    );
  });

  it('refuses a bad signature and garbage', async () => {
    const token = await issuer.sign(key);
    const [h, p] = token.split('.');
    const forged = `${h}.${b64({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), scope: 'mcp:tools admin' })}.${token.split('.')[2]}`;
    expect(await reasonOf(verifier().verify(forged))).toBe('bad_signature');
    expect(await reasonOf(verifier().verify('not-a-token'))).toBe('malformed');
    expect(await reasonOf(verifier().verify(`${'a'.repeat(9000)}.b.c`))).toBe('malformed');
  });

  it('fetches the key set again for an unknown kid (rotation), at most once per cooldown', async () => {
    const v = verifier({ jwksCooldownSeconds: 0 });
    await v.verify(await issuer.sign(key));
    const next = await issuer.newKey('EdDSA');
    issuer.published = [next]; // rotated: the old key retired
    expect((await v.verify(await issuer.sign(next))).clientId).toBe('agent-1');
    expect(issuer.jwksFetches).toBe(2);
    // A new token of the retired key is refused once the key set no longer has it.
    expect(await reasonOf(v.verify(await issuer.sign(key)))).toBe('unknown_key');

    const limited = verifier({ jwksCooldownSeconds: 3600 });
    await limited.verify(await issuer.sign(next));
    const fetches = issuer.jwksFetches;
    const stranger = await issuer.newKey('ES256');
    expect(await reasonOf(limited.verify(await issuer.sign(stranger)))).toBe('unknown_key');
    expect(await reasonOf(limited.verify(await issuer.sign(stranger)))).toBe('unknown_key');
    expect(issuer.jwksFetches).toBe(fetches);
  });

  it('says the keys are unavailable (not that the token is bad) when the key set cannot be fetched', async () => {
    issuer.jwksStatus = 500;
    const error = await verifier()
      .verify(await issuer.sign(key))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'keys_unavailable', oauthError: 'temporarily_unavailable' });
    issuer.jwksStatus = 200;
    expect((await verifier().verify(await issuer.sign(key))).clientId).toBe('agent-1');
  });

  it('checks the time window of a token it has verified before', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const v = verifier();
    const token = await issuer.sign(key);
    await v.verify(token);
    vi.setSystemTime(Date.now() + 301_000 + 5_000);
    expect(await reasonOf(v.verify(token))).toBe('expired');
  });

  it('refuses options it cannot honour', () => {
    expect(() => createTokenVerifier({ issuer: 'http://issuer.example.com/t/a', audience: 'x' })).toThrow(
      /must use https/,
    );
    expect(() => createTokenVerifier({ issuer: issuer.issuer, audience: [] })).toThrow(
      /audience is required/,
    );
    expect(() => verifier({ clockToleranceSeconds: 3600 })).toThrow(/clockToleranceSeconds/);
  });
});
