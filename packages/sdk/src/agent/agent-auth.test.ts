import { generateKeyPair, exportJWK, jwtVerify } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CLIENT,
  manualClock,
  startLocalOAuthServer,
  type LocalOAuthServer,
} from '../test-support/local-oauth-server.js';
import { AgentAuthError, createAgentAuth } from './index.js';

let as: LocalOAuthServer;
beforeEach(async () => {
  as = await startLocalOAuthServer();
});
afterEach(async () => {
  await as.close();
});

const until = async (what: () => boolean) => {
  while (!what()) await new Promise((r) => setTimeout(r, 5));
};

function agent(clock = manualClock(), extra: Partial<Parameters<typeof createAgentAuth>[0]> = {}) {
  return createAgentAuth({
    gatewayUrl: as.gatewayUrl,
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    clock,
    ...extra,
  });
}

describe('discovery and the token cache', () => {
  it('finds the token endpoint from the gateway URL alone and asks for the resource with Basic auth', async () => {
    const auth = agent();
    const found = await auth.discover();
    expect(found.resource).toBe(as.gatewayUrl);
    expect(found.authorizationServer.tokenEndpoint).toBe(`${as.issuer}/token`);
    expect(await auth.getToken()).toBe('tok-1');
    expect(as.tokenRequests).toHaveLength(1);
    const [request] = as.tokenRequests;
    expect(Object.fromEntries(request!.params)).toEqual({
      grant_type: 'client_credentials',
      resource: as.gatewayUrl,
    });
    expect(request!.authorization).toMatch(/^Basic /);
  });

  it('caches per (resource, scope): the same scope set in any order is one entry', async () => {
    const auth = agent();
    expect(await auth.getToken()).toBe('tok-1');
    expect(await auth.getToken()).toBe('tok-1');
    expect(await auth.getToken({ scope: 'mcp:tools:b mcp:tools:a' })).toBe('tok-2');
    expect(await auth.getToken({ scope: ['mcp:tools:a', 'mcp:tools:b'] })).toBe('tok-2');
    expect(await auth.getToken({ resource: `${as.origin}/mcp/acme/other` })).toBe('tok-3');
    expect(as.tokenRequests.map((r) => r.params.get('scope'))).toEqual([
      null,
      'mcp:tools:a mcp:tools:b',
      null,
    ]);
    expect(as.tokenRequests[2]!.params.get('resource')).toBe(`${as.origin}/mcp/acme/other`);
  });

  it('sends exactly one token request for many concurrent callers on a cold cache', async () => {
    const auth = agent();
    const release = as.hold();
    const pending = Array.from({ length: 25 }, () => auth.getToken());
    await until(() => as.tokenRequests.length === 1);
    release();
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['tok-1']));
    expect(as.tokenRequests).toHaveLength(1);
  });

  it('refreshes ahead of expiry with one request, serving the current token meanwhile', async () => {
    const clock = manualClock();
    const auth = agent(clock);
    expect(await auth.getToken()).toBe('tok-1');
    clock.time += 250_000; // 50 s before expiry: inside the 60 s refresh window
    const release = as.hold();
    const during = await Promise.all(Array.from({ length: 10 }, () => auth.getToken()));
    expect(new Set(during)).toEqual(new Set(['tok-1']));
    await until(() => as.tokenRequests.length === 2);
    release();
    // The refresh lands; the next callers get the new token without another request.
    let next = await auth.getToken();
    while (next === 'tok-1') {
      await new Promise((r) => setTimeout(r, 5));
      next = await auth.getToken();
    }
    expect(next).toBe('tok-2');
    expect(as.tokenRequests).toHaveLength(2);
  });

  it('makes callers wait for one request once the token is too close to expiry', async () => {
    const clock = manualClock();
    const auth = agent(clock);
    await auth.getToken();
    clock.time += 297_000; // 3 s left: under the 5 s margin, not handed out
    const release = as.hold();
    const pending = Array.from({ length: 10 }, () => auth.getToken());
    await until(() => as.tokenRequests.length === 2);
    release();
    expect(new Set(await Promise.all(pending))).toEqual(new Set(['tok-2']));
    expect(as.tokenRequests).toHaveLength(2);
  });

  it('refuses bad options with a TypeError before any request', () => {
    const base = { gatewayUrl: as.gatewayUrl, clientId: 'a' };
    expect(() => createAgentAuth({ ...base })).toThrow(/exactly one of clientSecret and privateKey/);
    expect(() => createAgentAuth({ ...base, clientSecret: 's', privateKey: 'k' })).toThrow(/exactly one/);
    expect(() => createAgentAuth({ ...base, clientSecret: 's', scope: 'a"b' })).toThrow(
      /not a valid scope token/,
    );
    expect(() =>
      createAgentAuth({ clientId: 'a', clientSecret: 's', gatewayUrl: 'http://gw.example.com/mcp/a/b' }),
    ).toThrow(/must use https/);
    expect(() => createAgentAuth({ clientId: 'a', clientSecret: 's' })).toThrow(/gatewayUrl, issuer or both/);
    expect(() =>
      createAgentAuth({
        ...base,
        privateKey: '-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----',
      }),
    ).toThrow(/not a readable private key/);
    expect(as.tokenRequests).toHaveLength(0);
  });
});

describe('retries', () => {
  it('retries 503 and a dropped connection with backoff, then succeeds', async () => {
    const clock = manualClock();
    as.failures.push({ status: 503 }, 'reset', { status: 502 });
    expect(await agent(clock, { retry: { baseDelayMs: 100 } }).getToken()).toBe('tok-1');
    expect(as.tokenRequests).toHaveLength(4);
    // Full jitter with random() = 0.5: half of 100, 200, 400 ms.
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it("honours a 429's Retry-After", async () => {
    const clock = manualClock();
    as.failures.push({ status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow_down' } });
    expect(await agent(clock).getToken()).toBe('tok-1');
    expect(clock.sleeps).toEqual([2000]);
  });

  it('gives up on a Retry-After longer than allowed, and after the last retry', async () => {
    as.failures.push({ status: 429, headers: { 'retry-after': '3600' } });
    const long = await agent()
      .getToken()
      .catch((e: unknown) => e);
    expect(long).toBeInstanceOf(AgentAuthError);
    expect(long).toMatchObject({ code: 'unavailable', status: 429, details: { retryAfterMs: 3_600_000 } });
    expect(as.tokenRequests).toHaveLength(1);

    as.failures.push(...Array.from({ length: 5 }, () => ({ status: 503 })));
    const exhausted = await agent(manualClock(), { retry: { retries: 2 } })
      .getToken()
      .catch((e: unknown) => e);
    expect(exhausted).toMatchObject({ code: 'unavailable', status: 503 });
    expect(as.tokenRequests).toHaveLength(4);
  });

  it('never retries a 400 or a 401', async () => {
    as.failures.push({ status: 400, body: { error: 'invalid_scope', error_description: 'not granted' } });
    const refused = await agent()
      .getToken({ scope: 'mcp:tools:nope' })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'token_refused', status: 400, oauthError: 'invalid_scope' });
    expect((refused as Error).message).toContain('not granted');
    expect(as.tokenRequests).toHaveLength(1);

    const wrong = await createAgentAuth({
      gatewayUrl: as.gatewayUrl,
      clientId: CLIENT.id,
      clientSecret: 'wrong',
    })
      .getToken()
      .catch((e: unknown) => e);
    expect(wrong).toMatchObject({ code: 'token_refused', status: 401, oauthError: 'invalid_client' });
    expect((wrong as Error).message).not.toContain('wrong');
    expect(as.tokenRequests).toHaveLength(2);
  });
});

describe('where credentials may go', () => {
  it('refuses an issuer off the gateway origin unless named, and sends it nothing', async () => {
    const elsewhere = await startLocalOAuthServer();
    try {
      as.overrides.resourceMetadata = { resource: as.gatewayUrl, authorization_servers: [elsewhere.issuer] };
      const error = await agent()
        .getToken()
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'discovery_failed' });
      expect((error as Error).message).toContain('pass `issuer` to trust it');
      const named = await createAgentAuth({
        gatewayUrl: as.gatewayUrl,
        issuer: as.issuer,
        clientId: CLIENT.id,
        clientSecret: CLIENT.secret,
      })
        .discover()
        .catch((e: unknown) => e);
      expect((named as Error).message).toContain('not the configured');
      expect(elsewhere.tokenRequests).toHaveLength(0);
    } finally {
      await elsewhere.close();
    }
  });

  it('refuses metadata that names another issuer, and a resource that does not cover the gateway URL', async () => {
    as.overrides.asMetadata = { issuer: `${as.origin}/t/other`, token_endpoint: `${as.issuer}/token` };
    expect(
      await agent()
        .getToken()
        .catch((e: Error) => e.message),
    ).toMatch(/names issuer .*\/t\/other/);
    as.overrides.asMetadata = undefined;
    as.overrides.resourceMetadata = {
      resource: `${as.origin}/mcp/acme/another`,
      authorization_servers: [as.issuer],
    };
    expect(
      await agent()
        .getToken()
        .catch((e: Error) => e.message),
    ).toMatch(/does not cover/);
    expect(as.tokenRequests).toHaveLength(0);
  });
});

describe('private_key_jwt', () => {
  it('signs an assertion for the issuer with the agent as iss and sub, and no client secret', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'k1' };
    as.authenticate = async ({ params }) => {
      const { payload, protectedHeader } = await jwtVerify(params.get('client_assertion')!, publicKey, {
        issuer: CLIENT.id,
        subject: CLIENT.id,
        audience: as.issuer,
      });
      return (
        params.get('client_assertion_type') === 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' &&
        protectedHeader.kid === 'k1' &&
        typeof payload.jti === 'string'
      );
    };
    const auth = createAgentAuth({ gatewayUrl: as.gatewayUrl, clientId: CLIENT.id, privateKey: jwk });
    expect(await auth.getToken()).toBe('tok-1');
    expect(as.tokenRequests[0]!.authorization).toBeUndefined();
    expect(as.tokenRequests[0]!.params.get('client_secret')).toBeNull();
  });
});

describe('the fetch wrapper', () => {
  it('adds the token, and after a 401 gets a new one and sends the request once more', async () => {
    const auth = agent(manualClock());
    const first = await auth.fetch(as.gatewayUrl, { method: 'POST', body: '{"n":1}' });
    expect(await first.json()).toEqual({ token: 'tok-1', body: '{"n":1}' });
    as.revoked.add('tok-1');
    const second = await auth.fetch(as.gatewayUrl, { method: 'POST', body: '{"n":2}' });
    expect(second.status).toBe(200);
    expect(await second.json()).toEqual({ token: 'tok-2', body: '{"n":2}' });
    as.revoked.add('tok-2');
    as.revoked.add('tok-3');
    const refused = await auth.fetch(as.gatewayUrl, { method: 'POST', body: '{}' });
    expect(refused.status).toBe(401);
    expect(as.tokenRequests).toHaveLength(3);
  });
});
