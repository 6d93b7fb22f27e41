// Governance as code on a real API, PostgreSQL and Redis: a tenant exported and applied to
// another reproduces it (the two exports are equal), a plan of an unchanged tenant is empty, a
// second apply changes nothing, a bad document is refused whole, deletes need prune, every
// change is audited, and nothing crosses tenants.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, signUpOwner, startTestApp, type Client, type TestApp } from './harness';
import { setupTenantWithServer, waitUntil } from './fixtures';

let app: TestApp;
let a: Awaited<ReturnType<typeof setupTenantWithServer>>;
let exportA: any;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  a = await setupTenantWithServer(app.baseUrl);
  const owner = a.owner.client;
  const agent = await owner.post('/api/v1/agents', {
    name: 'ci bot',
    description: 'Runs the nightly checks',
    tokenLifetimeSec: 600,
  });
  await owner.request('PUT', `/api/v1/agents/${agent.body.id}/grants/${a.serverId}`, {
    tools: ['echo'],
    resources: true,
  });
  await owner.post(`/api/v1/agents/${agent.body.id}/secrets`, {});
  await owner.post('/api/v1/agents', { name: 'idle bot' });
  await owner.post('/api/v1/policies', {
    name: 'office only',
    kind: 'ip',
    target: { serverId: a.serverId, agentId: agent.body.id },
    config: { allow: ['10.0.0.0/8'] },
  });
  await owner.post('/api/v1/policies', {
    name: 'burst',
    kind: 'rate_limit',
    mode: 'monitor',
    config: { limit: 10, windowSec: 60, burst: 5, per: 'agent' },
  });
  await owner.post('/api/v1/audit/sinks', {
    name: 'siem',
    kind: 'webhook',
    url: 'http://127.0.0.1:9/hook?token=abc',
    actions: ['agent.created'],
  });
  exportA = (await owner.get('/api/v1/governance/export')).body;
});
afterAll(async () => {
  await a?.upstream.close();
  await app?.close();
});

const plan = (c: Client, document: unknown, extra: object = {}) =>
  c.post('/api/v1/governance/plan', { document, ...extra });
const apply = (c: Client, document: unknown, extra: object = {}) =>
  c.post('/api/v1/governance/apply', { document, ...extra });
// What admins did (the tool sync's own events, recorded by the system as it discovers tools, are not).
const byAdmins = { actorType: { not: 'system' } };
const auditActions = async (tenantId: string, afterSeq = 0n) =>
  (
    await app.db.auditEvent.findMany({
      where: { tenantId, seq: { gt: afterSeq }, ...byAdmins },
      orderBy: { seq: 'asc' },
    })
  ).map((e) => e.action);
const lastSeq = async (tenantId: string) =>
  (await app.db.auditEvent.findFirst({ where: { tenantId, ...byAdmins }, orderBy: { seq: 'desc' } }))?.seq ??
  0n;

describe('export', () => {
  it("writes the tenant's governance by name, in a stable order, without ids or secrets", async () => {
    expect(exportA.version).toBe(1);
    expect(exportA.servers.map((s: any) => s.slug)).toEqual(['example']);
    expect(exportA.servers[0].approvedTools.length).toBe(a.tools.length);
    expect(exportA.agents.map((x: any) => x.name)).toEqual(['ci bot', 'idle bot']);
    expect(exportA.agents[0].grants).toEqual([
      { server: 'example', tools: ['echo'], resources: true, prompts: false },
    ]);
    expect(exportA.policies.map((p: any) => p.name)).toEqual(['burst', 'office only']);
    expect(exportA.policies[1].target).toEqual({ server: 'example', agent: 'ci bot' });
    expect(exportA.sinks).toEqual([
      {
        name: 'siem',
        kind: 'webhook',
        url: 'http://127.0.0.1:9/hook?token=abc',
        actions: ['agent.created'],
        enabled: true,
      },
    ]);
    const text = JSON.stringify(exportA);
    expect(text).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
    expect(text).not.toMatch(/whsec_|pccs_|agt_|clientId/);
    // The same state exports the same bytes.
    expect(JSON.stringify((await a.owner.client.get('/api/v1/governance/export')).body)).toBe(text);
  });

  it('publishes the JSON Schema of the document', async () => {
    const res = await a.owner.client.get('/api/v1/governance/schema');
    expect(res.status).toBe(200);
    const schema = res.body;
    expect(schema.properties.version).toBeTruthy();
    expect(Object.keys(schema.properties)).toEqual(['version', 'servers', 'agents', 'policies', 'sinks']);
  });
});

describe('plan and apply', () => {
  it('plans no change on an unchanged tenant', async () => {
    const res = await plan(a.owner.client, exportA);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      changes: [],
      notApplicable: [],
      kept: [],
      summary: { create: 0, update: 0, delete: 0 },
    });
  });

  it('reproduces tenant A in tenant B (the exports are equal), audits each change, and a second apply changes nothing', async () => {
    const b = await signUpOwner(app.baseUrl);
    const before = await lastSeq(b.tenantId);
    const planned = await plan(b.client, exportA);
    expect(planned.status).toBe(200);
    expect(planned.body.summary).toEqual({ create: 7, update: 0, delete: 0 });
    expect(planned.body.changes.map((c: any) => `${c.action} ${c.resource} ${c.name}`)).toEqual([
      'create server example',
      'create agent ci bot',
      'create grant ci bot -> example',
      'create agent idle bot',
      'create policy burst',
      'create policy office only',
      'create sink siem',
    ]);
    // The tools of a new server are discovered after it exists: their approvals wait for the next apply.
    expect(planned.body.notApplicable.map((n: any) => n.name).sort()).toEqual(
      exportA.servers[0].approvedTools.map((t: any) => `example/${t.name}`).sort(),
    );
    // A plan changes nothing.
    expect((await b.client.get('/api/v1/governance/export')).body.servers).toEqual([]);

    const first = await apply(b.client, exportA);
    expect(first.status).toBe(200);
    expect(first.body.changes).toEqual(planned.body.changes);
    expect(first.body.signingSecrets).toEqual([
      { sink: 'siem', signingSecret: expect.stringMatching(/^whsec_/) },
    ]);
    const actions = await auditActions(b.tenantId, before);
    expect(actions).toEqual(
      expect.arrayContaining([
        'server.created',
        'agent.created',
        'agent.updated',
        'policy.created',
        'sink.created',
      ]),
    );
    expect(actions.filter((x) => x === 'agent.created')).toHaveLength(2);
    expect(actions.filter((x) => x === 'policy.created')).toHaveLength(2);

    // Once B's server has discovered its tools, the next apply approves the pinned definitions.
    const server = (await b.client.get('/api/v1/servers')).body.items[0];
    await waitUntil(
      'tool discovery in B',
      async () =>
        (await b.client.get(`/api/v1/servers/${server.id}/tools`)).body.items?.length === a.tools.length,
    );
    const second = await apply(b.client, exportA);
    expect(second.status).toBe(200);
    expect(second.body.changes.every((c: any) => c.resource === 'tool' && c.action === 'update')).toBe(true);
    expect(second.body.changes).toHaveLength(a.tools.length);
    expect(second.body.notApplicable).toEqual([]);

    const seq = await lastSeq(b.tenantId);
    const third = await apply(b.client, exportA);
    expect(third.status).toBe(200);
    expect(third.body.changes).toEqual([]);
    expect(await lastSeq(b.tenantId)).toBe(seq);

    const exportB = (await b.client.get('/api/v1/governance/export')).body;
    expect(exportB).toEqual(exportA);
    // The policy's target resolved to B's own server and agent, not A's ids.
    const office = (await b.client.get('/api/v1/policies')).body.items.find(
      (p: any) => p.name === 'office only',
    );
    const bAgent = (await b.client.get('/api/v1/agents')).body.items.find((x: any) => x.name === 'ci bot');
    expect(office.target).toEqual({ serverId: server.id, agentId: bAgent.id });
  });

  it('updates fields in place, showing each field diff, and deletes only with prune', async () => {
    const b = await signUpOwner(app.baseUrl);
    const doc = structuredClone(exportA);
    doc.servers[0].approvedTools = [];
    await apply(b.client, doc);
    const changed = structuredClone(doc);
    changed.agents[0].tokenLifetimeSec = 900;
    changed.agents = changed.agents.filter((x: any) => x.name !== 'idle bot');
    changed.sinks[0].enabled = false;
    const p = await plan(b.client, changed);
    expect(p.body.changes).toEqual([
      {
        action: 'update',
        resource: 'agent',
        name: 'ci bot',
        fields: [{ field: 'tokenLifetimeSec', from: 600, to: 900 }],
      },
      {
        action: 'update',
        resource: 'sink',
        name: 'siem',
        fields: [{ field: 'enabled', from: true, to: false }],
      },
    ]);
    expect(p.body.kept).toEqual([{ resource: 'agent', name: 'idle bot' }]);

    const seq = await lastSeq(b.tenantId);
    const res = await apply(b.client, changed);
    expect(res.status).toBe(200);
    expect(await auditActions(b.tenantId, seq)).toEqual(['agent.updated', 'sink.updated']);
    expect((await b.client.get('/api/v1/agents')).body.items.map((x: any) => x.name).sort()).toEqual([
      'ci bot',
      'idle bot',
    ]);

    const pruned = await plan(b.client, changed, { prune: true });
    expect(pruned.body.changes).toEqual([
      { action: 'delete', resource: 'agent', name: 'idle bot', fields: [] },
    ]);
    const seq2 = await lastSeq(b.tenantId);
    expect((await apply(b.client, changed, { prune: true })).status).toBe(200);
    expect(await auditActions(b.tenantId, seq2)).toContain('agent.deleted');
    expect((await b.client.get('/api/v1/agents')).body.items.map((x: any) => x.name)).toEqual(['ci bot']);
  });

  it('refuses a bad document whole, with paths, and changes nothing', async () => {
    const b = await signUpOwner(app.baseUrl);
    const seq = await lastSeq(b.tenantId);
    const cases: [unknown, string][] = [
      [{ ...exportA, extra: 1 }, 'document'],
      [{ ...exportA, version: 2 }, 'document.version'],
      [
        { ...exportA, agents: [{ ...exportA.agents[0], grants: [{ server: 'nowhere', tools: '*' }] }] },
        'document.agents.0.grants.0.server',
      ],
      [{ ...exportA, agents: [exportA.agents[0], exportA.agents[0]] }, 'document.agents.1.name'],
      [
        {
          ...exportA,
          policies: [{ ...exportA.policies[0], config: { ...exportA.policies[0].config, limit: -1 } }],
        },
        'document.policies.0.config.limit',
      ],
      [
        { ...exportA, policies: [{ ...exportA.policies[1], target: { agent: 'ghost' } }] },
        'document.policies.0.target.agent',
      ],
    ];
    for (const [doc, path] of cases) {
      for (const call of [plan, apply]) {
        const res = await call(b.client, doc);
        expect(res.status, path).toBe(400);
        expect(
          res.body.errors.map((e: any) => e.path),
          path,
        ).toContain(path);
      }
    }
    // A server that authenticates upstream needs its credential beside the document.
    const withAuth = { ...exportA, servers: [{ ...exportA.servers[0], upstreamAuth: { type: 'bearer' } }] };
    const missing = await apply(b.client, withAuth);
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('credentials.example');
    expect(await lastSeq(b.tenantId)).toBe(seq);
    expect((await b.client.get('/api/v1/governance/export')).body).toEqual({
      version: 1,
      servers: [],
      agents: [],
      policies: [],
      sinks: [],
    });
  });

  it('rolls everything back when a change fails halfway', async () => {
    const b = await signUpOwner(app.baseUrl);
    const seq = await lastSeq(b.tenantId);
    // The server and agents come first; the JSON-lines sink fails (no AUDIT_SINK_DIR here).
    const doc = { ...exportA, sinks: [{ name: 'file', kind: 'jsonl' }] };
    const res = await apply(b.client, doc);
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/sink "file"/);
    expect(await lastSeq(b.tenantId)).toBe(seq);
    expect((await b.client.get('/api/v1/servers')).body.items).toEqual([]);
    expect((await b.client.get('/api/v1/agents')).body.items).toEqual([]);
  });

  it('refuses to govern two things of one name (409, saying which), rather than guess', async () => {
    const b = await signUpOwner(app.baseUrl);
    await b.client.post('/api/v1/agents', { name: 'twin' });
    await b.client.post('/api/v1/agents', { name: 'twin' });
    for (const res of [
      await b.client.get('/api/v1/governance/export'),
      await plan(b.client, { version: 1 }),
      await apply(b.client, { version: 1 }, { prune: true }),
    ]) {
      expect(res.status).toBe(409);
      expect(res.body.detail).toBe(
        'Two agents are named "twin": rename one so a governance document can tell them apart.',
      );
    }
    expect((await b.client.get('/api/v1/agents')).body.items).toHaveLength(2);
  });

  it('keeps tenants apart and lets only owners and admins apply', async () => {
    const b = await signUpOwner(app.baseUrl);
    const auditor = await addMember(app.baseUrl, b.client, 'auditor');
    expect((await plan(auditor.client, exportA)).status).toBe(200);
    expect((await apply(auditor.client, exportA)).status).toBe(403);
    expect((await b.client.get('/api/v1/servers')).body.items).toEqual([]);
    // Applying in B never touches A.
    const emptyApplied = await apply(b.client, { version: 1 }, { prune: true });
    expect(emptyApplied.status).toBe(200);
    expect((await a.owner.client.get('/api/v1/governance/export')).body).toEqual(exportA);
    expect((await fetch(`${app.baseUrl}/api/v1/governance/export`)).status).toBe(401);
  });
});
