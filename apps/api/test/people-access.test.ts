// Who may do what through an MCP host: grants per role and per member (added up, shown on the
// consent page), remembered consent, and everything that ends access at once on every node
// (removing the member, revoking consent as an admin, disabling the client, removing a
// grant). Policies apply to people's calls (limits per client) and to their tokens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import {
  authorizeAs,
  authorizeRequest,
  callTool,
  pkce,
  redeem,
  refresh,
  registerClient,
  requestIdOf,
  REDIRECT,
  setupPeople,
  type PeopleEnv,
} from './people-fixtures';

let app: TestApp;
let env: PeopleEnv;
let clientId: string;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  env = await setupPeople(app.baseUrl, { tools: ['echo'] });
  clientId = (await registerClient(env)).client_id;
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

async function connected(member = env.member, client = clientId, scope?: string) {
  const a = await authorizeAs(member.client, env, client, { scope });
  const res = await redeem(env, client, a.code!, a.verifier);
  expect(res.status).toBe(200);
  return { ...(res.body as { access_token: string; refresh_token: string; scope: string }), view: a.view };
}

const membershipOf = async (userId: string) =>
  (await env.owner.client.get('/api/v1/members')).body.items.find(
    (m: { userId: string }) => m.userId === userId,
  ) as { id: string };

describe('grants per role and per member', () => {
  it("adds a member's own grant to their role's, on the consent page and at the gateway", async () => {
    const m = await addMember(app.baseUrl, env.owner.client, 'member');
    const membership = await membershipOf(m.userId);
    const put = await env.owner.client.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
      subject: { membershipId: membership.id },
      tools: ['add'],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ role: null, member: { userId: m.userId }, tools: ['add'] });
    const t = await connected(m);
    expect(t.view.access.tools.sort()).toEqual(['add', 'echo']);
    expect(t.scope).toBe('mcp:tools:add mcp:tools:echo');
    expect((await callTool(env.gatewayUrl, t.access_token, 'add', { a: 2, b: 3 })).body).toContain('5');
    // The other member (role grant only) still cannot.
    const other = await connected();
    expect((await callTool(env.gatewayUrl, other.access_token, 'add', { a: 2, b: 3 })).body).toMatch(
      /not permitted/,
    );
  });

  it("validates grants like an agent's and refuses a subject of another tenant", async () => {
    const bad = await env.owner.client.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
      subject: { role: 'member' },
      tools: ['bad name'],
    });
    expect(bad.status).toBe(400);
    const both = await env.owner.client.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
      subject: { role: 'member', membershipId: '00000000-0000-4000-8000-000000000000' },
      tools: '*',
    });
    expect(both.status).toBe(400);
    const stranger = await env.owner.client.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
      subject: { membershipId: '00000000-0000-4000-8000-000000000000' },
      tools: '*',
    });
    expect(stranger.status).toBe(404);
    const grants = (await env.owner.client.get(`/api/v1/servers/${env.serverId}/member-grants`)).body.items;
    expect(grants.find((g: { role: string | null }) => g.role === 'member')).toMatchObject({
      tools: ['echo'],
    });
  });

  it('remembers consent per member, client and server, and asks again with prompt=consent', async () => {
    await connected();
    const again = await authorizeAs(env.member.client, env, clientId);
    expect(again.view.remembered).toBe(true);
    const p = pkce();
    const forced = await authorizeRequest(env.issuer, {
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
      prompt: 'consent',
      resource: env.gatewayUrl,
    });
    const view = await env.member.client.get(`/api/v1/auth/authorizations/${requestIdOf(forced.location)}`);
    expect(view.body.remembered).toBe(false);
  });
});

describe('ending access at once', () => {
  it('removing a member refuses their MCP host at the gateway and at refresh', async () => {
    const m = await addMember(app.baseUrl, env.owner.client, 'member');
    const t = await connected(m);
    expect((await callTool(env.gatewayUrl, t.access_token, 'echo', { text: 'x' })).status).toBe(200);
    expect(
      (await env.owner.client.delete(`/api/v1/members/${(await membershipOf(m.userId)).id}`)).status,
    ).toBe(204);
    expect((await callTool(env.gatewayUrl, t.access_token, 'echo', { text: 'x' })).status).toBe(401);
    expect((await refresh(env, clientId, t.refresh_token)).body.error).toBe('invalid_grant');
    expect(await app.db.oAuthConsent.count({ where: { userId: m.userId } })).toBe(0);
  });

  it('an admin revoking a consent, on another node of the deployment, ends access on this one', async () => {
    const t = await connected();
    const second = await startTestApp({
      RUN_WORKER: 'false',
      DATABASE_URL: app.databaseUrl,
      REDIS_PREFIX: app.config.REDIS_PREFIX,
      PUBLIC_URL: app.config.PUBLIC_URL,
    });
    try {
      const otherGateway = env.gatewayUrl.replace(app.baseUrl, second.baseUrl);
      expect(
        (await callTool(otherGateway, t.access_token, 'echo', { text: 'warm the cache there' })).status,
      ).toBe(200);
      const consents = (await env.owner.client.get('/api/v1/consents')).body.items;
      const consent = consents.find(
        (c: { member: { userId: string }; client: { clientId: string } }) =>
          c.member.userId === env.member.userId && c.client.clientId === clientId,
      );
      expect((await env.owner.client.delete(`/api/v1/consents/${consent.id}`)).status).toBe(204);
      await waitUntil(
        'the other node to refuse',
        async () => (await callTool(otherGateway, t.access_token, 'echo', { text: 'x' })).status === 401,
      );
      const revoked = (await env.owner.client.get('/api/v1/audit/events?action=consent.revoked')).body
        .items[0];
      expect(revoked).toMatchObject({
        actor: { type: 'user', id: env.owner.userId },
        target: { id: env.member.userId },
      });
    } finally {
      await second.close();
    }
  });

  it('disabling a client refuses it everywhere, and its old refresh tokens stay dead when re-enabled', async () => {
    const registered = await registerClient(env, { client_name: 'To disable' });
    const t = await connected(env.member, registered.client_id);
    const row = (await env.owner.client.get('/api/v1/oauth-clients')).body.items.find(
      (c: { clientId: string }) => c.clientId === registered.client_id,
    );
    expect(
      (await env.owner.client.patch(`/api/v1/oauth-clients/${row.id}`, { status: 'disabled' })).status,
    ).toBe(200);
    expect((await callTool(env.gatewayUrl, t.access_token, 'echo', { text: 'x' })).status).toBe(401);
    expect((await refresh(env, registered.client_id, t.refresh_token)).body.error).toBe('invalid_client');
    await env.owner.client.patch(`/api/v1/oauth-clients/${row.id}`, { status: 'active' });
    expect((await refresh(env, registered.client_id, t.refresh_token)).body.error).toBe('invalid_grant');
  });

  it("removing the role's grant refuses the server with 403 insufficient_scope", async () => {
    const t = await connected();
    const grant = (
      await env.owner.client.get(`/api/v1/servers/${env.serverId}/member-grants`)
    ).body.items.find((g: { role: string | null }) => g.role === 'member');
    expect(
      (await env.owner.client.delete(`/api/v1/servers/${env.serverId}/member-grants/${grant.id}`)).status,
    ).toBe(204);
    try {
      const refused = await callTool(env.gatewayUrl, t.access_token, 'echo', { text: 'x' });
      expect(refused.status).toBe(403);
      expect(refused.challenge).toMatch(/insufficient_scope/);
    } finally {
      await env.owner.client.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
        subject: { role: 'member' },
        tools: ['echo'],
      });
    }
  });
});

describe('policies', () => {
  it('count limits per client application across the people using it, and name the person', async () => {
    const shared = (await registerClient(env, { client_name: 'Shared host' })).client_id;
    const other = (await registerClient(env, { client_name: 'Other host' })).client_id;
    const second = await addMember(app.baseUrl, env.owner.client, 'member');
    const a = await connected(env.member, shared);
    const b = await connected(second, shared);
    const c = await connected(second, other);
    const policy = await env.owner.client.post('/api/v1/policies', {
      name: 'one per host',
      kind: 'rate_limit',
      target: { serverId: env.serverId },
      config: { limit: 1, windowSec: 3600, burst: 1, per: 'client' },
    });
    expect(policy.status).toBe(201);
    try {
      expect((await callTool(env.gatewayUrl, a.access_token, 'echo', { text: 'a' })).status).toBe(200);
      expect((await callTool(env.gatewayUrl, b.access_token, 'echo', { text: 'b' })).status).toBe(429);
      expect((await callTool(env.gatewayUrl, c.access_token, 'echo', { text: 'c' })).status).toBe(200);
      const decision = await waitUntil('the refusal in the trail', async () => {
        const items = (
          await env.owner.client.get(`/api/v1/audit/events?action=policy.decision&actor=${second.userId}`)
        ).body.items;
        return items?.find((e: { outcome: string }) => e.outcome === 'denied');
      });
      expect(decision.actor).toMatchObject({ type: 'user', id: second.userId });
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.body.id}`);
    }
  });

  it('apply at issuance: an IP allow list refuses the code exchange', async () => {
    const policy = await env.owner.client.post('/api/v1/policies', {
      name: 'office only',
      kind: 'ip',
      config: { allow: ['10.1.0.0/16'] },
    });
    try {
      const a = await authorizeAs(env.member.client, env, clientId);
      const res = await redeem(env, clientId, a.code!, a.verifier);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({
        error: 'access_denied',
        error_description: expect.stringMatching(/office only/),
      });
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.body.id}`);
    }
  });
});
