// The shared security suite: every route of the OpenAPI document is checked for deny-by-default,
// read-only auditors, and tenant isolation. A new route is covered without anyone remembering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, addMember, signUpOwner, startTestApp, uniqueEmail, type TestApp } from './harness';

let app: TestApp;
let routes: { method: string; path: string }[];

/** Routes anyone may call. Everything else must answer 401 to an anonymous caller. */
const PUBLIC = new Set([
  'POST /api/v1/auth/signup',
  'POST /api/v1/auth/signup/verify',
  'POST /api/v1/auth/password/forgot',
  'POST /api/v1/auth/password/reset',
  'POST /api/v1/auth/signin/second-factor',
  'POST /api/v1/auth/signin/passkey/options',
  'POST /api/v1/auth/signin/passkey',
  'GET /api/v1/auth/sso/start',
  'GET /api/v1/auth/sso/callback',
  'POST /api/v1/auth/signin',
  'POST /api/v1/auth/invitations/preview',
  'POST /api/v1/auth/invitations/accept',
]);
/** Writes that only read (an auditor's own tools, and stopping them). */
const READ_ONLY_WRITES = new Set([
  'POST /api/v1/audit/verify',
  'POST /api/v1/policies/validate',
  'POST /api/v1/policies/simulate',
  'POST /api/v1/policies/backtest',
  'DELETE /api/v1/jobs/{id}',
  'POST /api/v1/governance/plan',
]);
/** Routes about the signed-in person rather than a tenant's data. */
const PERSONAL = /^\/api\/v1\/auth\//;

beforeAll(async () => {
  // Every verification becomes a job (no worker runs here: it stays queued), so jobs have ids to test.
  app = await startTestApp({ JOB_INLINE_MAX_EVENTS: '0' });
  const doc = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as any;
  routes = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })),
  );
});
afterAll(() => app.close());

const ZERO_ID = '00000000-0000-4000-8000-000000000000';
const fill = (path: string, id = ZERO_ID) => path.replace(/\{[^}]+\}/g, id);

describe('every route', () => {
  it('is documented in OpenAPI 3.1 (sanity: the suite sees the routes)', () => {
    expect(routes.length).toBeGreaterThan(15);
    expect(routes).toContainEqual({ method: 'GET', path: '/api/v1/members' });
  });

  it('answers 401 to anonymous callers unless explicitly public', async () => {
    const anonymous = new Client(app.baseUrl);
    for (const r of routes) {
      if (PUBLIC.has(`${r.method} ${r.path}`)) continue;
      const res = await anonymous.request(r.method, fill(r.path), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('refuses every tenant write to an auditor with 403 and changes nothing', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const auditor = await addMember(app.baseUrl, owner.client, 'auditor');
    const writes = routes.filter((r) => r.method !== 'GET' && !PERSONAL.test(r.path) && !READ_ONLY_WRITES.has(`${r.method} ${r.path}`));
    expect(writes.length).toBeGreaterThan(5);
    const before = JSON.stringify(await owner.client.get('/api/v1/members'));
    for (const r of writes) {
      const res = await auditor.client.request(r.method, fill(r.path), {});
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    expect(JSON.stringify(await owner.client.get('/api/v1/members'))).toBe(before);
    // ...while every tenant read is open to them.
    for (const r of routes.filter((x) => x.method === 'GET' && !PERSONAL.test(x.path) && !x.path.includes('{'))) {
      expect((await auditor.client.get(r.path)).status, r.path).toBe(200);
    }
  });

  it('gives the member role nothing of the tenant: every tenant read and write is 403, their own routes work', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const member = await addMember(app.baseUrl, owner.client, 'member');
    for (const r of routes.filter((x) => !PERSONAL.test(x.path))) {
      const res = await member.client.request(r.method, fill(r.path), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.path}`).toBe(403);
    }
    expect((await member.client.get('/api/v1/auth/session')).body.tenant.role).toBe('member');
    expect((await member.client.get('/api/v1/auth/consents')).status).toBe(200);
  });

  it("answers 404 for another tenant's ids on every route that takes one", async () => {
    const a = await signUpOwner(app.baseUrl);
    const b = await signUpOwner(app.baseUrl);
    const bMember = await addMember(app.baseUrl, b.client, 'admin');
    const bToken = await b.client.post('/api/v1/api-tokens', { name: 'b', role: 'admin' });
    const bInvite = await b.client.post('/api/v1/invitations', { email: uniqueEmail(), role: 'admin' });
    const bSessions = await bMember.client.get('/api/v1/auth/sessions');
    const bMembership = (await b.client.get('/api/v1/members')).body.items.find((m: { userId: string }) => m.userId === bMember.userId);
    // B's registry and agent objects, created directly: this suite runs no worker or upstream.
    const bServer = await app.db.mcpServer.create({ data: { tenantId: b.tenantId, slug: 'b-srv', name: 'B', upstreamUrl: 'http://127.0.0.1:9/mcp' } });
    const bTool = await app.db.mcpTool.create({ data: { tenantId: b.tenantId, serverId: bServer.id, name: 't', definition: {}, fingerprint: 'f'.repeat(64) } });
    const bAgent = await app.db.agent.create({ data: { tenantId: b.tenantId, clientId: 'agt_b_tenant_agent', name: 'B bot' } });
    await app.db.agentGrant.create({ data: { tenantId: b.tenantId, agentId: bAgent.id, serverId: bServer.id, allTools: true } });
    const bSecret = await app.db.clientSecret.create({ data: { tenantId: b.tenantId, agentId: bAgent.id, hash: 'a'.repeat(64), prefix: 'pccs_x' } });
    const bKey = await app.db.agentKey.create({ data: { tenantId: b.tenantId, agentId: bAgent.id, thumbprint: 'x', jwk: {} } });
    const bApiKey = await app.db.agentApiKey.create({ data: { tenantId: b.tenantId, agentId: bAgent.id, name: 'k', prefix: 'pcak_x', hash: 'b'.repeat(64), scope: [] } });
    // One of B's real ids for each path parameter; a new {param} must be added here to be covered.
    const bEvent = await app.db.auditEvent.findFirstOrThrow({ where: { tenantId: b.tenantId } });
    const bPolicy = await app.db.policy.create({ data: { tenantId: b.tenantId, name: 'p', kind: 'ip', target: {}, config: { allow: ['10.0.0.0/8'], deny: [] } } });
    const bSink = await app.db.auditSink.create({ data: { tenantId: b.tenantId, name: 's', kind: 'jsonl' } });
    const bDelivery = await app.db.auditDelivery.create({ data: { tenantId: b.tenantId, sinkId: bSink.id, status: 'dead' } });
    const bJob = await b.client.post('/api/v1/audit/verify');
    expect(bJob.status).toBe(202);
    const bClient = await app.db.oAuthClient.create({ data: { tenantId: b.tenantId, clientId: 'mcpc_b_tenant', kind: 'dynamic', status: 'active', redirectUris: ['http://127.0.0.1/cb'], grantTypes: ['authorization_code'], authMethod: 'none', applicationType: 'native' } });
    const bConsent = await app.db.oAuthConsent.create({ data: { tenantId: b.tenantId, userId: bMember.userId, clientRowId: bClient.id, serverId: bServer.id, scopes: ['mcp:tools'] } });
    const bMemberGrant = await app.db.memberGrant.create({ data: { tenantId: b.tenantId, serverId: bServer.id, role: 'member', allTools: true } });
    const idsFor = (path: string): Record<string, string> => {
      const resource = path.split('/')[3];
      const ids: Record<string, string> = {
        members: bMembership.id,
        invitations: bInvite.body.invitation.id,
        'api-tokens': bToken.body.apiToken.id,
        auth: bSessions.body.items[0].id,
        servers: bServer.id,
        agents: bAgent.id,
        audit: bEvent.id,
        policies: bPolicy.id,
        jobs: bJob.body.id,
        'oauth-clients': bClient.id,
        consents: bConsent.id,
      };
      return {
        id: path.includes('/audit/sinks/') ? bSink.id : ids[resource!]!,
        deliveryId: bDelivery.id,
        toolId: bTool.id,
        serverId: bServer.id,
        secretId: bSecret.id,
        keyId: path.includes('/api-keys/') ? bApiKey.id : bKey.id,
        grantId: bMemberGrant.id,
      };
    };
    const withIds = routes.filter((r) => r.path.includes('{'));
    expect(withIds.length).toBeGreaterThan(15);
    // A valid body for each write, so the answer is about the id, not the payload.
    const bodyFor = (path: string): unknown => {
      if (path.endsWith('/members/{id}')) return { role: 'auditor' };
      if (path.endsWith('/tools/{toolId}')) return { enabled: false };
      if (path.endsWith('/grants/{serverId}')) return { tools: '*' };
      if (path.endsWith('/member-grants')) return { subject: { role: 'member' }, tools: '*' };
      if (path.endsWith('/authorizations/{id}')) return { decision: 'allow' };
      if (path.endsWith('/secrets/{secretId}')) return { expiresAt: null };
      if (path.endsWith('/keys')) return { jwk: { kty: 'EC' } };
      if (path.endsWith('/api-keys')) return { name: 'x', scope: [{ serverId: bServer.id, tools: '*' }] };
      if (/\/(servers|agents|policies|sinks)\/\{id\}$/.test(path)) return { name: 'x' };
      return {};
    };
    for (const r of withIds) {
      const ids = idsFor(r.path);
      const path = r.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        expect(ids[name], `no cross-tenant id registered for {${name}} in ${r.path}`).toBeDefined();
        return ids[name]!;
      });
      const res = await a.client.request(r.method, path, r.method === 'GET' ? undefined : bodyFor(r.path));
      expect(res.status, `${r.method} ${r.path}`).toBe(404);
    }
    expect(await app.db.mcpServer.count({ where: { id: bServer.id } })).toBe(1);
    expect(await app.db.agent.count({ where: { id: bAgent.id, status: 'active' } })).toBe(1);
    // B's objects are untouched.
    expect((await bMember.client.get('/api/v1/members')).status).toBe(200);
    expect((await b.client.get('/api/v1/api-tokens')).body.items.find((t: { id: string }) => t.id === bToken.body.apiToken.id).status).toBe('active');
    expect((await b.client.get('/api/v1/invitations')).body.items[0].status).toBe('pending');
    expect((await b.client.get(`/api/v1/jobs/${bJob.body.id}`)).body.state).toBe('queued');
    expect(await app.redis.exists(`${app.config.REDIS_PREFIX}:job-cancel:${bJob.body.id}`)).toBe(0); // A's DELETE did not cancel it
  });

  it('answers 404 problem+json for an unknown route and a malformed id', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const unknown = await owner.client.get('/api/v1/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await owner.client.delete('/api/v1/api-tokens/not-a-uuid')).status).toBe(404);
  });
});
