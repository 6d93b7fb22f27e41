// What the authorization code flow refuses, one case at a time: redirect URIs, PKCE, codes
// (reuse revokes what they minted, another client's code, resource mismatch), refresh tokens
// (reuse revokes the family, lifetimes), scopes and resources at the authorization endpoint,
// and a consent forged by a cross-site POST.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signUpOwner, startTestApp, type TestApp } from './harness';
import { postForm, waitUntil } from './fixtures';
import {
  REDIRECT,
  authorizeAs,
  authorizeRequest,
  callTool,
  pkce,
  redeem,
  refresh,
  registerClient,
  requestIdOf,
  setupPeople,
  type PeopleEnv,
} from './people-fixtures';

let app: TestApp;
let env: PeopleEnv;
let clientId: string;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', KEY_PREPUBLISH_SEC: '0' });
  env = await setupPeople(app.baseUrl, { tools: ['echo'] });
  clientId = (await registerClient(env)).client_id;
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const base = () => {
  const p = pkce();
  return {
    p,
    params: {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
      state: 'st-1',
      resource: env.gatewayUrl,
    },
  };
};

/** The error a redirect back to the client carries. */
const errorOf = (location: string | null) => {
  const u = new URL(location!);
  return {
    origin: u.origin + u.pathname,
    error: u.searchParams.get('error'),
    state: u.searchParams.get('state'),
    iss: u.searchParams.get('iss'),
  };
};

async function tokensFor(opts: Parameters<typeof authorizeAs>[3] = {}) {
  const a = await authorizeAs(env.member.client, env, clientId, opts);
  const res = await redeem(env, clientId, a.code!, a.verifier);
  expect(res.status).toBe(200);
  return res.body as { access_token: string; refresh_token: string };
}

describe('authorization endpoint', () => {
  it('never redirects to a redirect URI the client did not register: a page of ours instead', async () => {
    for (const uri of [
      'https://evil.example/callback',
      'http://127.0.0.1:43123/callback/other',
      'http://localhost:43123/callback',
      `${REDIRECT}#x`,
    ]) {
      const res = await authorizeRequest(env.issuer, { ...base().params, redirect_uri: uri });
      expect(res.status, uri).toBe(400);
      expect(res.location).toBeNull();
      expect(res.text).toContain('not one it registered');
    }
    // A loopback redirect URI matches on any port (RFC 8252).
    const ok = await authorizeRequest(env.issuer, {
      ...base().params,
      redirect_uri: 'http://127.0.0.1:59999/callback',
    });
    expect(ok.status).toBe(302);
  });

  it('shows a page, not a redirect, for an unknown client or a repeated client_id', async () => {
    const unknown = await authorizeRequest(env.issuer, { ...base().params, client_id: 'mcpc_nobody' });
    expect(unknown.status).toBe(400);
    expect(unknown.location).toBeNull();
    const url = `${env.issuer}/authorize?client_id=${clientId}&client_id=mcpc_other&redirect_uri=${encodeURIComponent(REDIRECT)}`;
    const repeated = await fetch(url, { redirect: 'manual' });
    expect(repeated.status).toBe(400);
    expect(repeated.headers.get('location')).toBeNull();
    expect(repeated.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses missing or plain PKCE, with state and iss in the error redirect', async () => {
    const { params } = base();
    for (const [change, error] of [
      [{ code_challenge: undefined, code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge_method: undefined }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: 'short' }, 'invalid_request'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ scope: 'openid mcp:tools' }, 'invalid_scope'],
      [{ resource: `${app.baseUrl}/mcp/${env.tenant.slug}/nope` }, 'invalid_target'],
      [{ resource: 'https://elsewhere.example/mcp' }, 'invalid_target'],
      [{ resource: `${env.gatewayUrl}#frag` }, 'invalid_target'],
    ] as const) {
      const res = await authorizeRequest(env.issuer, { ...params, ...change });
      expect(res.status, JSON.stringify(change)).toBe(302);
      expect(errorOf(res.location), JSON.stringify(change)).toEqual({
        origin: REDIRECT,
        error,
        state: 'st-1',
        iss: env.issuer,
      });
    }
  });

  it('defaults the resource to the only server, and refuses to guess among several', async () => {
    const { params } = base();
    const single = await authorizeRequest(env.issuer, { ...params, resource: undefined });
    expect(single.status).toBe(302);
    const view = await env.member.client.get(`/api/v1/auth/authorizations/${requestIdOf(single.location)}`);
    expect(view.body.server.resource).toBe(env.gatewayUrl);
    await app.db.mcpServer.create({
      data: {
        tenantId: env.tenant.id,
        slug: 'second',
        name: 'Second',
        upstreamUrl: 'http://127.0.0.1:9/mcp',
      },
    });
    try {
      const two = await authorizeRequest(env.issuer, { ...params, resource: undefined });
      expect(errorOf(two.location).error).toBe('invalid_target');
    } finally {
      await app.db.mcpServer.deleteMany({ where: { tenantId: env.tenant.id, slug: 'second' } });
    }
  });
});

describe('consent', () => {
  it('refuses a decision forged by a cross-site POST: no CSRF token, or a foreign Origin; the request stays undecided', async () => {
    const { params } = base();
    const start = await authorizeRequest(env.issuer, params);
    const id = requestIdOf(start.location);
    const forged = new Client(app.baseUrl);
    forged.setCookie('pc_session', env.member.client.cookie('pc_session')!);
    forged.sendCsrf = false;
    const noToken = await forged.post(`/api/v1/auth/authorizations/${id}`, { decision: 'allow' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('csrf_failed');
    const crossSite = await env.member.client.post(
      `/api/v1/auth/authorizations/${id}`,
      { decision: 'allow' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    // Nothing was decided: the member can still answer it themselves.
    const view = await env.member.client.get(`/api/v1/auth/authorizations/${id}`);
    expect(view.status).toBe(200);
    const decided = await env.member.client.post(`/api/v1/auth/authorizations/${id}`, { decision: 'deny' });
    expect(errorOf(decided.body.redirectTo)).toEqual({
      origin: REDIRECT,
      error: 'access_denied',
      state: 'st-1',
      iss: env.issuer,
    });
    // A request is decided once.
    expect(
      (await env.member.client.post(`/api/v1/auth/authorizations/${id}`, { decision: 'allow' })).status,
    ).toBe(404);
  });

  it('refuses the consent page to someone who is not a member of the tenant, and to nobody signed in', async () => {
    const start = await authorizeRequest(env.issuer, base().params);
    const id = requestIdOf(start.location);
    const stranger = (await signUpOwner(app.baseUrl)).client;
    expect((await stranger.get(`/api/v1/auth/authorizations/${id}`)).status).toBe(403);
    expect((await new Client(app.baseUrl).get(`/api/v1/auth/authorizations/${id}`)).status).toBe(401);
    expect((await env.member.client.get('/api/v1/auth/authorizations/not-a-request')).status).toBe(404);
    // A stranger's answer is refused and uses nothing up: the member still decides.
    expect((await stranger.post(`/api/v1/auth/authorizations/${id}`, { decision: 'deny' })).status).toBe(403);
    const decided = await env.member.client.post(`/api/v1/auth/authorizations/${id}`, { decision: 'allow' });
    expect(decided.status).toBe(200);
    expect(new URL(decided.body.redirectTo).searchParams.get('code')).toBeTruthy();
  });

  it('blocks a member with no grant on the server: the decision answers access_denied', async () => {
    const other = await authorizeRequest(env.issuer, base().params);
    const id = requestIdOf(other.location);
    const view = await env.owner.client.get(`/api/v1/auth/authorizations/${id}`);
    expect(view.body.blocked).toMatch(/no access/);
    const decided = await env.owner.client.post(`/api/v1/auth/authorizations/${id}`, { decision: 'allow' });
    expect(errorOf(decided.body.redirectTo).error).toBe('access_denied');
  });
});

describe('authorization code', () => {
  it('refuses a wrong or missing verifier', async () => {
    const a = await authorizeAs(env.member.client, env, clientId);
    const wrong = await redeem(env, clientId, a.code!, pkce().verifier);
    expect(wrong.body.error).toBe('invalid_grant');
    const b = await authorizeAs(env.member.client, env, clientId);
    const missing = await postForm(env.token, {
      grant_type: 'authorization_code',
      client_id: clientId,
      code: b.code!,
      redirect_uri: REDIRECT,
    });
    expect(missing.body.error).toBe('invalid_request');
    // A failed redemption burns the code.
    expect((await redeem(env, clientId, b.code!, b.verifier)).body.error).toBe('invalid_grant');
  });

  it('revokes what a code minted when the code is presented again', async () => {
    const a = await authorizeAs(env.member.client, env, clientId);
    const first = await redeem(env, clientId, a.code!, a.verifier);
    expect(first.status).toBe(200);
    expect((await callTool(env.gatewayUrl, first.body.access_token, 'echo', { text: 'x' })).status).toBe(200);
    const again = await redeem(env, clientId, a.code!, a.verifier);
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    expect((await callTool(env.gatewayUrl, first.body.access_token, 'echo', { text: 'x' })).status).toBe(401);
    expect((await refresh(env, clientId, first.body.refresh_token)).body.error).toBe('invalid_grant');
  });

  it("refuses another client's code, a different redirect_uri and a different resource", async () => {
    const other = (await registerClient(env)).client_id;
    const a = await authorizeAs(env.member.client, env, clientId);
    expect((await redeem(env, other, a.code!, a.verifier)).body.error).toBe('invalid_grant');
    const b = await authorizeAs(env.member.client, env, clientId);
    expect(
      (await redeem(env, clientId, b.code!, b.verifier, { redirect_uri: 'http://127.0.0.1:43123/other' }))
        .body.error,
    ).toBe('invalid_grant');
    const c = await authorizeAs(env.member.client, env, clientId);
    const mismatch = await redeem(env, clientId, c.code!, c.verifier, {
      resource: `${app.baseUrl}/mcp/${env.tenant.slug}/other`,
    });
    expect(mismatch.body.error).toBe('invalid_target');
  });

  it('authenticates clients exactly as registered', async () => {
    const confidential = await registerClient(env, {
      token_endpoint_auth_method: 'client_secret_post',
      redirect_uris: [REDIRECT],
    });
    expect(confidential.client_secret).toMatch(/^pccs_/);
    const a = await authorizeAs(env.member.client, env, confidential.client_id);
    // Without its secret, or with a wrong one, a confidential client is not itself.
    expect((await redeem(env, confidential.client_id, a.code!, a.verifier)).body.error).toBe(
      'invalid_client',
    );
    const b = await authorizeAs(env.member.client, env, confidential.client_id);
    expect(
      (await redeem(env, confidential.client_id, b.code!, b.verifier, { client_secret: 'pccs_wrong' })).body
        .error,
    ).toBe('invalid_client');
    const c = await authorizeAs(env.member.client, env, confidential.client_id);
    expect(
      (
        await redeem(env, confidential.client_id, c.code!, c.verifier, {
          client_secret: confidential.client_secret!,
        })
      ).status,
    ).toBe(200);
    // A public client that presents a secret is refused too.
    const d = await authorizeAs(env.member.client, env, clientId);
    expect((await redeem(env, clientId, d.code!, d.verifier, { client_secret: 'pccs_x' })).body.error).toBe(
      'invalid_client',
    );
  });
});

describe('refresh tokens', () => {
  it('rotates, and revokes the whole family when a used refresh token comes back', async () => {
    const t = await tokensFor();
    const r1 = await refresh(env, clientId, t.refresh_token);
    expect(r1.status).toBe(200);
    const replay = await refresh(env, clientId, t.refresh_token);
    expect(replay.body.error).toBe('invalid_grant');
    // The family is gone: the rotated refresh token and its access token too.
    expect((await refresh(env, clientId, r1.body.refresh_token)).body.error).toBe('invalid_grant');
    expect((await callTool(env.gatewayUrl, r1.body.access_token, 'echo', { text: 'x' })).status).toBe(401);
    // Appended by the worker, a moment after the answer.
    const reuse = await waitUntil(
      'the reuse in the trail',
      async () =>
        (await env.owner.client.get('/api/v1/audit/events?action=token.refresh_reused')).body.items?.[0],
    );
    expect(reuse).toMatchObject({ outcome: 'denied', actor: { type: 'user', id: env.member.userId } });
  });

  it('keeps the resource binding, narrows scope only, and refuses another client', async () => {
    const t = await tokensFor();
    expect(
      (
        await refresh(env, clientId, t.refresh_token, {
          resource: `${app.baseUrl}/mcp/${env.tenant.slug}/other`,
        })
      ).body.error,
    ).toBe('invalid_target');
    const t2 = await tokensFor();
    expect((await refresh(env, clientId, t2.refresh_token, { scope: 'mcp:tools' })).body.error).toBe(
      'invalid_scope',
    );
    const t3 = await tokensFor();
    const other = (await registerClient(env)).client_id;
    expect((await refresh(env, other, t3.refresh_token)).body.error).toBe('invalid_grant');
    expect((await refresh(env, clientId, t3.refresh_token, { resource: env.gatewayUrl })).status).toBe(200);
  });

  it('ends after the idle and the absolute lifetime the tenant sets', async () => {
    expect(
      (await env.owner.client.patch('/api/v1/tenant', { refreshIdleDays: 30, refreshMaxDays: 10 })).status,
    ).toBe(400);
    expect(
      (await env.owner.client.patch('/api/v1/tenant', { refreshIdleDays: 2, refreshMaxDays: 10 })).status,
    ).toBe(200);
    const idle = await tokensFor();
    const idleRow = await app.db.oAuthRefreshToken.findFirstOrThrow({
      where: { tenantId: env.tenant.id },
      orderBy: { createdAt: 'desc' },
    });
    await app.db.oAuthGrant.update({
      where: { id: idleRow.grantId },
      data: { lastUsedAt: new Date(Date.now() - 3 * 86_400_000) },
    });
    expect((await refresh(env, clientId, idle.refresh_token)).body.error).toBe('invalid_grant');

    const old = await tokensFor();
    const oldRow = await app.db.oAuthRefreshToken.findFirstOrThrow({
      where: { tenantId: env.tenant.id },
      orderBy: { createdAt: 'desc' },
    });
    await app.db.oAuthGrant.update({
      where: { id: oldRow.grantId },
      data: { createdAt: new Date(Date.now() - 11 * 86_400_000) },
    });
    expect((await refresh(env, clientId, old.refresh_token)).body.error).toBe('invalid_grant');
    expect(
      await app.db.oAuthGrant.count({
        where: { id: { in: [idleRow.grantId, oldRow.grantId] }, revokedReason: 'expired' },
      }),
    ).toBe(2);
  });

  it('revokes a refresh token (the whole grant) at the revocation endpoint, for a public client', async () => {
    const t = await tokensFor();
    const res = await postForm(`${env.issuer}/revoke`, { token: t.refresh_token, client_id: clientId });
    expect(res.status).toBe(200);
    expect((await refresh(env, clientId, t.refresh_token)).body.error).toBe('invalid_grant');
    expect((await callTool(env.gatewayUrl, t.access_token, 'echo', { text: 'x' })).status).toBe(401);
  });
});
