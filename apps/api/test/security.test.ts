// The shared security suite: every route of API_ROUTES (the route values the controllers
// register) is checked for deny-by-default, the role rule of its `access`, and tenant isolation;
// and every handler of the API must be one of those routes. A new route is covered without anyone
// remembering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModulesContainer } from '@nestjs/core';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { API_ROUTES, roleAllows, type Route } from '@portcullis/sdk';
import { routeOf } from '../src/common/route/handles';
import {
  Client,
  addMember,
  signUpOwner,
  startTestApp,
  uniqueEmail,
  uniqueSlug,
  type TestApp,
} from './harness';
import { authorizeRequest, pkce, registerClient, requestIdOf, REDIRECT } from './people-fixtures';

let app: TestApp;
const routes = API_ROUTES.map((r) => ({
  method: r.method,
  path: r.key.slice(r.method.length + 1),
  route: r,
}));
/** The operations endpoints: not REST routes, and each guarded on its own (health.controller.ts). */
const OPERATIONS = new Set(['GET /healthz', 'GET /readyz', 'GET /metrics']);

beforeAll(async () => {
  // Every verification becomes a job (no worker runs here: it stays queued), so jobs have ids to test.
  app = await startTestApp({ JOB_INLINE_MAX_EVENTS: '0' });
});
afterAll(() => app.close());

/** Every handler Nest registered, as `METHOD /path` with `{name}` parameters, and the route it says it handles. */
function registeredHandlers(): { key: string; route: Route | undefined }[] {
  const out: { key: string; route: Route | undefined }[] = [];
  for (const module of app.app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as { prototype: Record<string, unknown> } & object;
      const prefix = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '/')
        .replace(/^\/?/, '/')
        .replace(/\/$/, '');
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name];
        if (
          name === 'constructor' ||
          typeof handler !== 'function' ||
          Reflect.getMetadata(PATH_METADATA, handler) === undefined
        )
          continue;
        const path =
          `${prefix}/${String(Reflect.getMetadata(PATH_METADATA, handler)).replace(/^\//, '')}`.replace(
            /:([A-Za-z]+)/g,
            '{$1}',
          );
        out.push({
          key: `${RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number]} ${path}`,
          route: routeOf(handler),
        });
      }
    }
  }
  return out;
}

describe('the routes', () => {
  it('are exactly the handlers of the API: each handler implements its route of API_ROUTES', () => {
    const handlers = registeredHandlers();
    const rest = handlers.filter((h) => !OPERATIONS.has(h.key));
    expect(handlers.filter((h) => OPERATIONS.has(h.key)).length, 'the operations endpoints are seen').toBe(
      OPERATIONS.size,
    );
    // A handler with a bare @Get/@Post..., or a route it does not list, fails here.
    expect(
      rest
        .filter((h) => !h.route || h.route.key !== h.key || !API_ROUTES.includes(h.route))
        .map((h) => h.key),
      'handlers that are not routes of API_ROUTES',
    ).toEqual([]);
    const handled = new Set(rest.map((h) => h.key));
    expect(
      API_ROUTES.filter((r) => !handled.has(r.key)).map((r) => r.key),
      'routes no handler implements',
    ).toEqual([]);
    expect(handled.size, 'one handler per route').toBe(rest.length);
    // ...and Fastify serves each of them.
    const fastify = app.app.getHttpAdapter().getInstance();
    for (const r of API_ROUTES) expect(fastify.hasRoute({ method: r.method, url: r.path }), r.key).toBe(true);
  });
});

const ZERO_ID = '00000000-0000-4000-8000-000000000000';
const fill = (path: string, id = ZERO_ID) => path.replace(/\{[^}]+\}/g, id);

describe('every route', () => {
  it('answers 401 to anonymous callers unless its access is public', async () => {
    const anonymous = new Client(app.baseUrl);
    const guarded = routes.filter((r) => r.route.access !== 'public');
    expect(guarded.length).toBeGreaterThan(80);
    for (const r of guarded) {
      const res = await anonymous.request(r.method, fill(r.path), r.method === 'GET' ? undefined : {});
      expect(res.status, `${r.method} ${r.path}`).toBe(401);
    }
  });

  it('refuses each role, with 403, every route its access does not allow it, and changes nothing', async () => {
    const owner = await signUpOwner(app.baseUrl);
    let refused = 0;
    for (const role of ['admin', 'auditor', 'member'] as const) {
      const caller = await addMember(app.baseUrl, owner.client, role);
      const after = JSON.stringify(await owner.client.get('/api/v1/members'));
      for (const r of routes.filter((x) => !roleAllows(x.route.access, role))) {
        const res = await caller.client.request(r.method, fill(r.path), r.method === 'GET' ? undefined : {});
        expect(res.status, `${role}: ${r.method} ${r.path}`).toBe(403);
        refused++;
      }
      expect(JSON.stringify(await owner.client.get('/api/v1/members')), `${role} changed nothing`).toBe(
        after,
      );
    }
    expect(refused).toBeGreaterThan(100);
  });

  it("opens every tenant read to an auditor, and a member's own routes to a member", async () => {
    const owner = await signUpOwner(app.baseUrl);
    const auditor = await addMember(app.baseUrl, owner.client, 'auditor');
    const reads = routes.filter(
      (x) => x.method === 'GET' && x.route.access === 'read' && !x.path.includes('{'),
    );
    expect(reads.length).toBeGreaterThan(10);
    for (const r of reads) expect((await auditor.client.get(r.path)).status, r.path).toBe(200);
    const member = await addMember(app.baseUrl, owner.client, 'member');
    expect((await member.client.get('/api/v1/auth/session')).body.tenant.role).toBe('member');
    expect((await member.client.get('/api/v1/auth/consents')).status).toBe(200);
  });

  it("answers 404 for another tenant's ids on every route that takes one", async () => {
    const a = await signUpOwner(app.baseUrl);
    const bSlug = uniqueSlug('b');
    const b = await signUpOwner(app.baseUrl, { slug: bSlug });
    const bMember = await addMember(app.baseUrl, b.client, 'admin');
    const bToken = await b.client.post('/api/v1/api-tokens', { name: 'b', role: 'admin' });
    const bInvite = await b.client.post('/api/v1/invitations', { email: uniqueEmail(), role: 'admin' });
    const bSessions = await bMember.client.get('/api/v1/auth/sessions');
    const bMembership = (await b.client.get('/api/v1/members')).body.items.find(
      (m: { userId: string }) => m.userId === bMember.userId,
    );
    // B's registry and agent objects, created directly: this suite runs no worker or upstream.
    const bServer = await app.db.mcpServer.create({
      data: { tenantId: b.tenantId, slug: 'b-srv', name: 'B', upstreamUrl: 'http://127.0.0.1:9/mcp' },
    });
    const bTool = await app.db.mcpTool.create({
      data: {
        tenantId: b.tenantId,
        serverId: bServer.id,
        name: 't',
        definition: {},
        fingerprint: 'f'.repeat(64),
      },
    });
    const bAgent = await app.db.agent.create({
      data: { tenantId: b.tenantId, clientId: 'agt_b_tenant_agent', name: 'B bot' },
    });
    await app.db.agentGrant.create({
      data: { tenantId: b.tenantId, agentId: bAgent.id, serverId: bServer.id, allTools: true },
    });
    const bSecret = await app.db.clientSecret.create({
      data: { tenantId: b.tenantId, agentId: bAgent.id, hash: 'a'.repeat(64), prefix: 'pccs_x' },
    });
    const bKey = await app.db.agentKey.create({
      data: { tenantId: b.tenantId, agentId: bAgent.id, thumbprint: 'x', jwk: {} },
    });
    const bApiKey = await app.db.agentApiKey.create({
      data: {
        tenantId: b.tenantId,
        agentId: bAgent.id,
        name: 'k',
        prefix: 'pcak_x',
        hash: 'b'.repeat(64),
        scope: [],
      },
    });
    // One of B's real ids for each path parameter; a new {param} must be added here to be covered.
    const bEvent = await app.db.auditEvent.findFirstOrThrow({ where: { tenantId: b.tenantId } });
    const bPolicy = await app.db.policy.create({
      data: {
        tenantId: b.tenantId,
        name: 'p',
        kind: 'ip',
        target: {},
        config: { allow: ['10.0.0.0/8'], deny: [] },
      },
    });
    const bSink = await app.db.auditSink.create({ data: { tenantId: b.tenantId, name: 's', kind: 'jsonl' } });
    const bDelivery = await app.db.auditDelivery.create({
      data: { tenantId: b.tenantId, sinkId: bSink.id, status: 'dead' },
    });
    const bJob = await b.client.post('/api/v1/audit/verify');
    expect(bJob.status).toBe(202);
    const bClient = await app.db.oAuthClient.create({
      data: {
        tenantId: b.tenantId,
        clientId: 'mcpc_b_tenant',
        kind: 'dynamic',
        status: 'active',
        redirectUris: ['http://127.0.0.1/cb'],
        grantTypes: ['authorization_code'],
        authMethod: 'none',
        applicationType: 'native',
      },
    });
    const bConsent = await app.db.oAuthConsent.create({
      data: {
        tenantId: b.tenantId,
        userId: bMember.userId,
        clientRowId: bClient.id,
        serverId: bServer.id,
        scopes: ['mcp:tools'],
      },
    });
    const bMemberGrant = await app.db.memberGrant.create({
      data: { tenantId: b.tenantId, serverId: bServer.id, role: 'member', allTools: true },
    });
    const bPasskey = await app.db.passkey.create({
      data: {
        userId: bMember.userId,
        credentialId: `cred-${bMember.userId}`,
        publicKey: Buffer.from([1]),
        name: 'k',
        transports: [],
      },
    });
    // A pending authorization request of B's, from an MCP client registered with B's issuer.
    const bIssuer = `${app.baseUrl}/t/${bSlug}`;
    const bOAuthClient = await registerClient({ register: `${bIssuer}/register` });
    const p = pkce();
    const bPending = await authorizeRequest(bIssuer, {
      response_type: 'code',
      client_id: bOAuthClient.client_id,
      redirect_uri: REDIRECT,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
      resource: `${app.baseUrl}/mcp/${bSlug}/b-srv`,
    });
    // One of B's real ids for each kind of path parameter (the route's `what`): a new kind must be added here to be covered.
    const idsOf: Record<string, string> = {
      Member: bMembership.id,
      Invitation: bInvite.body.invitation.id,
      'API token': bToken.body.apiToken.id,
      Session: bSessions.body.items[0].id,
      Passkey: bPasskey.id,
      'Authorization request': requestIdOf(bPending.location),
      Server: bServer.id,
      Tool: bTool.id,
      Agent: bAgent.id,
      Secret: bSecret.id,
      Key: bKey.id,
      'API key': bApiKey.id,
      'Audit event': bEvent.id,
      Policy: bPolicy.id,
      Job: bJob.body.id,
      Client: bClient.id,
      Consent: bConsent.id,
      Grant: bMemberGrant.id,
      Sink: bSink.id,
      Delivery: bDelivery.id,
    };
    const withIds = routes.filter((r) => Object.keys(r.route.params ?? {}).length > 0);
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
      const path = r.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const what = r.route.params![name]!.what;
        expect(
          idsOf[what],
          `no cross-tenant id registered for a ${what} ({${name}} in ${r.path})`,
        ).toBeDefined();
        return idsOf[what]!;
      });
      const res = await a.client.request(r.method, path, r.method === 'GET' ? undefined : bodyFor(r.path));
      // A pending authorization request belongs to a browser, not to a tenant: its random id came
      // in that browser's redirect, and whoever signed in there is told to use a member's account.
      const expected = r.route.params!.id?.what === 'Authorization request' ? 403 : 404;
      expect(res.status, `${r.method} ${r.path}`).toBe(expected);
    }
    expect(await app.db.mcpServer.count({ where: { id: bServer.id } })).toBe(1);
    expect(await app.db.agent.count({ where: { id: bAgent.id, status: 'active' } })).toBe(1);
    // B's objects are untouched.
    expect((await bMember.client.get('/api/v1/members')).status).toBe(200);
    expect(await app.db.oAuthConsent.count({ where: { tenantId: b.tenantId } })).toBe(1); // A's decision on B's request consented nothing
    expect(
      (await b.client.get('/api/v1/api-tokens')).body.items.find(
        (t: { id: string }) => t.id === bToken.body.apiToken.id,
      ).status,
    ).toBe('active');
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
