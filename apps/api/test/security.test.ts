// The shared security suite: every route of the OpenAPI document is checked for deny-by-default,
// read-only auditors, and tenant isolation. A new route is covered without anyone remembering.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, addMember, signUpOwner, startTestApp, uniqueEmail, type TestApp } from './harness';

let app: TestApp;
let routes: { method: string; path: string }[];

/** Routes anyone may call. Everything else must answer 401 to an anonymous caller. */
const PUBLIC = new Set([
  'POST /api/v1/auth/signup',
  'POST /api/v1/auth/signin',
  'POST /api/v1/auth/invitations/preview',
  'POST /api/v1/auth/invitations/accept',
]);
/** Routes about the signed-in person rather than a tenant's data. */
const PERSONAL = /^\/api\/v1\/auth\//;

beforeAll(async () => {
  app = await startTestApp();
  const doc = await (await fetch(`${app.baseUrl}/api/openapi.json`)).json();
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
    const writes = routes.filter((r) => r.method !== 'GET' && !PERSONAL.test(r.path));
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

  it("answers 404 for another tenant's ids on every route that takes one", async () => {
    const a = await signUpOwner(app.baseUrl);
    const b = await signUpOwner(app.baseUrl);
    const bMember = await addMember(app.baseUrl, b.client, 'admin');
    const bToken = await b.client.post('/api/v1/api-tokens', { name: 'b', role: 'admin' });
    const bInvite = await b.client.post('/api/v1/invitations', { email: uniqueEmail(), role: 'admin' });
    const bSessions = await bMember.client.get('/api/v1/auth/sessions');
    const bMembership = (await b.client.get('/api/v1/members')).body.items.find((m: { userId: string }) => m.userId === bMember.userId);
    // One of B's real ids for each resource; a new {id} route must be added here to be covered.
    const idFor: Record<string, string> = {
      '/api/v1/members/{id}': bMembership.id,
      '/api/v1/invitations/{id}': bInvite.body.invitation.id,
      '/api/v1/api-tokens/{id}': bToken.body.apiToken.id,
      '/api/v1/auth/sessions/{id}': bSessions.body.items[0].id,
    };
    const withIds = routes.filter((r) => r.path.includes('{'));
    expect(withIds.length).toBeGreaterThan(3);
    for (const r of withIds) {
      const id = idFor[r.path];
      expect(id, `no cross-tenant id registered for ${r.path}`).toBeDefined();
      const res = await a.client.request(r.method, fill(r.path, id), r.method === 'GET' ? undefined : { role: 'auditor' });
      expect(res.status, `${r.method} ${r.path}`).toBe(404);
    }
    // B's objects are untouched.
    expect((await bMember.client.get('/api/v1/members')).status).toBe(200);
    expect((await b.client.get('/api/v1/api-tokens')).body.items.find((t: { id: string }) => t.id === bToken.body.apiToken.id).status).toBe('active');
    expect((await b.client.get('/api/v1/invitations')).body.items[0].status).toBe('pending');
  });

  it('answers 404 problem+json for an unknown route and a malformed id', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const unknown = await owner.client.get('/api/v1/nope');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await owner.client.delete('/api/v1/api-tokens/not-a-uuid')).status).toBe(404);
  });
});
