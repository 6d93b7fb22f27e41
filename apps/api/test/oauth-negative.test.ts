// The token endpoint's negative suite: every refusal is a clean OAuth error, never a 500, and
// never a token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { createHmac } from 'node:crypto';
import { startTestApp, type TestApp } from './harness';
import { agentWithSecret, basic, postForm, setupTenantWithServer } from './fixtures';

let app: TestApp;
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;
let agent: Awaited<ReturnType<typeof agentWithSecret>>;
let jwtAgent: Awaited<ReturnType<typeof agentWithSecret>>;
let privateKey: CryptoKey;
let publicJwk: Record<string, unknown>;
let token: string;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', OAUTH_FAILURE_LIMIT: '20' });
  env = await setupTenantWithServer(app.baseUrl);
  agent = await agentWithSecret(env.owner.client, env.serverId, { tools: ['echo'] });
  jwtAgent = await agentWithSecret(env.owner.client, env.serverId, { tools: '*' }, ['private_key_jwt']);
  const pair = await generateKeyPair('ES256', { extractable: true });
  privateKey = pair.privateKey;
  publicJwk = { ...(await exportJWK(pair.publicKey)), alg: 'ES256' };
  await env.owner.client.post(`/api/v1/agents/${jwtAgent.agentId}/keys`, { jwk: publicJwk });
  token = `${env.issuer}/token`;
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const good = () => ({ grant_type: 'client_credentials', resource: env.gatewayUrl });
const auth = () => ({ authorization: basic(agent.clientId, agent.clientSecret) });

function expectRefusal(res: { status: number; body: any; headers: Headers }, status: number, error: string) {
  expect(res.status).toBe(status);
  expect(res.body.error).toBe(error);
  expect(res.body.access_token).toBeUndefined();
  expect(res.headers.get('cache-control')).toBe('no-store');
}

describe('token endpoint: client authentication', () => {
  it('issues with valid credentials (the baseline the refusals differ from)', async () => {
    const res = await postForm(token, good(), auth());
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
    expect(res.body.scope).toBe('mcp:tools:echo');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.refresh_token).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('null');
  });

  it('accepts form-urlencoded Basic credentials too', async () => {
    const encoded = `Basic ${Buffer.from(`${encodeURIComponent(agent.clientId)}:${encodeURIComponent(agent.clientSecret)}`).toString('base64')}`;
    expect((await postForm(token, good(), { authorization: encoded })).status).toBe(200);
  });

  it('answers an unknown client and a wrong secret with the same 401 body and a Basic challenge', async () => {
    const unknown = await postForm(token, good(), {
      authorization: basic('agt_doesnotexist00000', agent.clientSecret),
    });
    const wrong = await postForm(token, good(), {
      authorization: basic(agent.clientId, agent.clientSecret.slice(0, -1) + 'x'),
    });
    expectRefusal(unknown, 401, 'invalid_client');
    expectRefusal(wrong, 401, 'invalid_client');
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  });

  it('refuses an expired, a revoked and a rotated-out secret', async () => {
    const a = await agentWithSecret(env.owner.client, env.serverId);
    const patch = (id: string, body: unknown) =>
      env.owner.client.patch(`/api/v1/agents/${a.agentId}/secrets/${id}`, body);
    await patch(a.secretId, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expectRefusal(
      await postForm(token, good(), { authorization: basic(a.clientId, a.clientSecret) }),
      401,
      'invalid_client',
    );
    const second = await env.owner.client.post(`/api/v1/agents/${a.agentId}/secrets`, {});
    await env.owner.client.delete(`/api/v1/agents/${a.agentId}/secrets/${second.body.secret.id}`);
    expectRefusal(
      await postForm(token, good(), { authorization: basic(a.clientId, second.body.clientSecret) }),
      401,
      'invalid_client',
    );
    const third = await env.owner.client.post(`/api/v1/agents/${a.agentId}/secrets`, {});
    await env.owner.client.post(`/api/v1/agents/${a.agentId}/secrets`, { expireOthersInHours: 0 });
    expectRefusal(
      await postForm(token, good(), { authorization: basic(a.clientId, third.body.clientSecret) }),
      401,
      'invalid_client',
    );
  });

  it('refuses a disabled agent', async () => {
    const a = await agentWithSecret(env.owner.client, env.serverId);
    await env.owner.client.patch(`/api/v1/agents/${a.agentId}`, { status: 'disabled' });
    expectRefusal(
      await postForm(token, good(), { authorization: basic(a.clientId, a.clientSecret) }),
      401,
      'invalid_client',
    );
  });

  it('refuses two client authentication methods in one request', async () => {
    const res = await postForm(
      token,
      { ...good(), client_id: agent.clientId, client_secret: agent.clientSecret },
      auth(),
    );
    expectRefusal(res, 400, 'invalid_request');
  });

  it('refuses a method the client did not register', async () => {
    const res = await postForm(token, good(), {
      authorization: basic(jwtAgent.clientId, jwtAgent.clientSecret),
    });
    expectRefusal(res, 401, 'invalid_client');
  });

  it('refuses a malformed Basic header', async () => {
    for (const header of [
      'Basic !!!notbase64',
      'Basic ' + Buffer.from('no-colon').toString('base64'),
      'Bearer abc',
    ]) {
      expectRefusal(await postForm(token, good(), { authorization: header }), 401, 'invalid_client');
    }
  });

  it('refuses a client_id in the body that differs from the Basic header', async () => {
    expectRefusal(
      await postForm(token, { ...good(), client_id: 'agt_someoneelse' }, auth()),
      400,
      'invalid_request',
    );
  });
});

describe('token endpoint: request shape', () => {
  it('refuses a missing, an unsupported and the password grant_type', async () => {
    expectRefusal(await postForm(token, { resource: env.gatewayUrl }, auth()), 400, 'invalid_request');
    // An agent is not a client of the code flow: its credentials do not authenticate there.
    expectRefusal(
      await postForm(token, { ...good(), grant_type: 'authorization_code', code: 'x' }, auth()),
      401,
      'invalid_client',
    );
    expectRefusal(
      await postForm(
        token,
        { ...good(), grant_type: 'urn:ietf:params:oauth:grant-type:device_code' },
        auth(),
      ),
      400,
      'unsupported_grant_type',
    );
    expectRefusal(
      await postForm(token, { ...good(), grant_type: 'password', username: 'a', password: 'b' }, auth()),
      400,
      'unsupported_grant_type',
    );
  });

  it('refuses a scope beyond the grant', async () => {
    expectRefusal(await postForm(token, { ...good(), scope: 'mcp:tools' }, auth()), 400, 'invalid_scope');
    expectRefusal(await postForm(token, { ...good(), scope: 'mcp:tools:add' }, auth()), 400, 'invalid_scope');
    expect((await postForm(token, { ...good(), scope: 'mcp:tools:echo' }, auth())).status).toBe(200);
  });

  it("refuses an unknown resource and another tenant's resource", async () => {
    expectRefusal(
      await postForm(token, { ...good(), resource: `${app.baseUrl}/mcp/${env.tenant.slug}/nope` }, auth()),
      400,
      'invalid_target',
    );
    expectRefusal(
      await postForm(token, { ...good(), resource: `${app.baseUrl}/mcp/other-tenant/example` }, auth()),
      400,
      'invalid_target',
    );
    expectRefusal(await postForm(token, { ...good(), resource: 'not a uri' }, auth()), 400, 'invalid_target');
  });

  it('normalises the resource the way MCP clients send it', async () => {
    const upper = env.gatewayUrl.replace('http://127.0.0.1', 'HTTP://127.0.0.1') + '/';
    expect((await postForm(token, { ...good(), resource: upper }, auth())).status).toBe(200);
  });

  it('refuses GET, query-string parameters, a JSON body, duplicate parameters and an oversized body', async () => {
    const get = await fetch(`${token}?grant_type=client_credentials`, { headers: auth() });
    expect(get.status).toBe(405);
    expect(((await get.json()) as any).error).toBe('invalid_request');
    expectRefusal(
      await postForm(`${token}?grant_type=client_credentials`, good(), auth()),
      400,
      'invalid_request',
    );
    const json = await fetch(token, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify(good()),
    });
    expect(json.status).toBe(400);
    expect(((await json.json()) as any).error).toBe('invalid_request');
    const dup = await fetch(token, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&grant_type=client_credentials&resource=${encodeURIComponent(env.gatewayUrl)}`,
    });
    expect(dup.status).toBe(400);
    expect(((await dup.json()) as any).error).toBe('invalid_request');
    const big = await postForm(token, { ...good(), pad: 'x'.repeat(64 * 1024) }, auth());
    expect(big.status).toBe(413);
    expect(big.body.error).toBe('invalid_request');
  });
});

describe('token endpoint: private_key_jwt', () => {
  const assertion = async (
    opts: {
      alg?: string;
      key?: CryptoKey | Uint8Array;
      claims?: Record<string, unknown>;
      exp?: number;
      aud?: unknown;
      kid?: string;
    } = {},
  ) => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      iss: jwtAgent.clientId,
      sub: jwtAgent.clientId,
      jti: crypto.randomUUID(),
      iat: now,
      ...opts.claims,
    };
    const jwt = new SignJWT(claims as Record<string, unknown>)
      .setProtectedHeader({ alg: opts.alg ?? 'ES256', typ: 'JWT', ...(opts.kid ? { kid: opts.kid } : {}) })
      .setExpirationTime(opts.exp ?? now + 120);
    if (opts.aud !== null) jwt.setAudience((opts.aud as string | string[]) ?? env.issuer);
    return jwt.sign(opts.key ?? privateKey);
  };
  const send = async (jwt: string) =>
    postForm(token, {
      ...good(),
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: jwt,
    });
  const unsigned = (claims: Record<string, unknown>) =>
    `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;

  it('issues for a valid assertion (aud = issuer or token endpoint), with or without kid', async () => {
    expect((await send(await assertion())).status).toBe(200);
    expect((await send(await assertion({ aud: token }))).status).toBe(200);
  });

  // Before the refusals below: they add up to a (client, address) throttle.
  it('refuses a replayed jti', async () => {
    const jwt = await assertion();
    expect((await send(jwt)).status).toBe(200);
    expectRefusal(await send(jwt), 401, 'invalid_client');
  });

  it('refuses alg none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const jwt = unsigned({
      iss: jwtAgent.clientId,
      sub: jwtAgent.clientId,
      aud: env.issuer,
      jti: 'n1',
      iat: now,
      exp: now + 60,
    });
    expectRefusal(await send(jwt), 401, 'invalid_client');
  });

  it('refuses HS256 keyed with the public key', async () => {
    const now = Math.floor(Date.now() / 1000);
    const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(
      JSON.stringify({
        iss: jwtAgent.clientId,
        sub: jwtAgent.clientId,
        aud: env.issuer,
        jti: 'h1',
        iat: now,
        exp: now + 60,
      }),
    ).toString('base64url');
    const sig = createHmac('sha256', JSON.stringify(publicJwk))
      .update(`${header}.${payload}`)
      .digest('base64url');
    expectRefusal(await send(`${header}.${payload}.${sig}`), 401, 'invalid_client');
  });

  it('refuses an algorithm off the list and an unknown key', async () => {
    const rsa = await generateKeyPair('RS384');
    expectRefusal(await send(await assertion({ alg: 'RS384', key: rsa.privateKey })), 401, 'invalid_client');
    const other = await generateKeyPair('ES256');
    expectRefusal(await send(await assertion({ key: other.privateKey })), 401, 'invalid_client');
    expectRefusal(
      await send(await assertion({ key: other.privateKey, kid: 'unknown-kid' })),
      401,
      'invalid_client',
    );
  });

  it('refuses an expired and a far-future assertion', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectRefusal(
      await send(await assertion({ exp: now - 120, claims: { iat: now - 400 } })),
      401,
      'invalid_client',
    );
    expectRefusal(await send(await assertion({ exp: now + 3600 })), 401, 'invalid_client');
  });

  it('refuses a wrong aud and an array aud', async () => {
    expectRefusal(
      await send(await assertion({ aud: 'https://elsewhere.example/token' })),
      401,
      'invalid_client',
    );
    expectRefusal(await send(await assertion({ aud: [env.issuer, token] })), 401, 'invalid_client');
  });

  it('refuses a missing sub and a missing jti', async () => {
    expectRefusal(await send(await assertion({ claims: { sub: undefined } })), 401, 'invalid_client');
    expectRefusal(await send(await assertion({ claims: { jti: undefined } })), 401, 'invalid_client');
  });
});

describe('token endpoint: throttling', () => {
  it('answers 429 after repeated failures from one client and address, never a 500', async () => {
    const a = await agentWithSecret(env.owner.client, env.serverId);
    const statuses: number[] = [];
    const limit = app.config.OAUTH_FAILURE_LIMIT;
    for (let i = 0; i < limit + 2; i++) {
      statuses.push(
        (await postForm(token, good(), { authorization: basic(a.clientId, `pccs_wrong${i}`) })).status,
      );
    }
    expect(statuses.slice(0, limit).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    const blocked = await postForm(token, good(), { authorization: basic(a.clientId, a.clientSecret) });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another client is unaffected.
    expect((await postForm(token, good(), auth())).status).toBe(200);
  });
});
