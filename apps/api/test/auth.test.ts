import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from './fixtures';
import {
  Client,
  GOOD_PASSWORD,
  signUpOwner,
  startTestApp,
  uniqueEmail,
  uniqueSlug,
  type TestApp,
} from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const signUpBody = () => ({
  email: uniqueEmail(),
  password: GOOD_PASSWORD,
  name: 'Alice',
  tenantName: 'Acme',
  tenantSlug: uniqueSlug(),
});

describe('sign-up', () => {
  it('creates a tenant and its owner and signs them in with safe cookies', async () => {
    const client = new Client(app.baseUrl);
    const body = signUpBody();
    const res = await client.post('/api/v1/auth/signup', body);
    expect(res.status).toBe(201);
    expect(res.body.user.email).toBe(body.email);
    expect(res.body.tenant).toMatchObject({ slug: body.tenantSlug, role: 'owner' });
    const setCookies = res.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith('pc_session='))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    expect(session).not.toMatch(/Secure/); // plain-http PUBLIC_URL in tests
    expect((await client.get('/api/v1/auth/session')).status).toBe(200);
    // Only a hash of the session token is stored.
    const stored = await app.db.session.findMany({ where: { userId: res.body.user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toBe(client.cookie('pc_session'));
    const user = await app.db.user.findUniqueOrThrow({ where: { email: body.email } });
    expect(user.passwordHash?.startsWith('$argon2id$')).toBe(true);
  });

  it('answers 409 for an existing e-mail and changes nothing', async () => {
    const body = signUpBody();
    expect((await new Client(app.baseUrl).post('/api/v1/auth/signup', body)).status).toBe(201);
    const before = await app.db.tenant.count();
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
      ...body,
      tenantSlug: uniqueSlug(),
    });
    expect(res.status).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.body.errors).toEqual([{ path: 'email', message: 'Already registered.' }]);
    expect(await app.db.tenant.count()).toBe(before);
  });

  it('answers 400 with the reason for a weak password', async () => {
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
      ...signUpBody(),
      password: 'short',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('weak_password');
    expect(res.body.errors[0]).toMatchObject({ path: 'password' });
    expect(res.body.detail).toMatch(/at least 12/);
  });

  it('answers 400 with field errors for missing fields', async () => {
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signup', { email: 'a@b.co' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['password', 'name', 'tenantName', 'tenantSlug']));
  });

  it('answers 400 for over-long strings and unknown fields', async () => {
    const long = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
      ...signUpBody(),
      name: 'x'.repeat(500),
    });
    expect(long.status).toBe(400);
    expect(long.body.errors[0].path).toBe('name');
    const extra = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
      ...signUpBody(),
      isAdmin: true,
    });
    expect(extra.status).toBe(400);
  });

  it('answers 400, not 500, for malformed JSON', async () => {
    const res = await new Client(app.baseUrl).request('POST', '/api/v1/auth/signup', '{"email": ');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('bad_request');
    expect(res.body.requestId).toBeTruthy();
  });

  it('answers 413 for an oversized body', async () => {
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
      name: 'x'.repeat(2 * 1024 * 1024),
    });
    expect(res.status).toBe(413);
  });

  it('refuses a taken tenant slug with 409', async () => {
    const first = signUpBody();
    await new Client(app.baseUrl).post('/api/v1/auth/signup', first);
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signup', {
      ...signUpBody(),
      tenantSlug: first.tenantSlug,
    });
    expect(res.status).toBe(409);
  });
});

describe('sign-in and sessions', () => {
  it('signs in, and gives the same 401 for a wrong password and an unknown user', async () => {
    const { email, client, userId } = await signUpOwner(app.baseUrl);
    const ok = await new Client(app.baseUrl).post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect(ok.status).toBe(200);
    const wrong = await new Client(app.baseUrl).post('/api/v1/auth/signin', {
      email,
      password: 'not-the-password',
    });
    const unknown = await new Client(app.baseUrl).post('/api/v1/auth/signin', {
      email: uniqueEmail('nobody'),
      password: 'x',
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.body)).toEqual(strip(unknown.body));
    // The person's tenant sees both sign-ins (sign-up's and this one) and the failed attempt
    // (recorded after the answer, so a known address answers as fast as an unknown one).
    type Ev = { action: string; actor: { id: string }; ip?: string; reason?: string };
    const events = await waitUntil('the failed sign-in event', async () => {
      const items = (await client.get('/api/v1/audit/events?limit=10')).body.items as Ev[];
      return items.some((e) => e.action === 'session.sign_in_failed') ? items : undefined;
    });
    expect(events.filter((e) => e.action === 'session.signed_in')).toHaveLength(2);
    const failed = events.filter((e) => e.action === 'session.sign_in_failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ actor: { id: userId }, reason: 'wrong password', ip: '127.0.0.1' });
    expect(JSON.stringify(events)).not.toContain('not-the-password');
  });

  it('treats the e-mail case-insensitively', async () => {
    const { email } = await signUpOwner(app.baseUrl);
    const res = await new Client(app.baseUrl).post('/api/v1/auth/signin', {
      email: email.toUpperCase(),
      password: GOOD_PASSWORD,
    });
    expect(res.status).toBe(200);
  });

  it('signs out server-side: the old cookie no longer works', async () => {
    const { client } = await signUpOwner(app.baseUrl);
    const cookie = client.cookie('pc_session')!;
    expect((await client.post('/api/v1/auth/signout')).status).toBe(204);
    const replay = new Client(app.baseUrl);
    replay.setCookie('pc_session', cookie);
    const res = await replay.get('/api/v1/members');
    expect(res.status).toBe(401);
  });

  it('refuses an expired session with 401', async () => {
    const { client, userId } = await signUpOwner(app.baseUrl);
    await app.db.session.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect((await client.get('/api/v1/members')).status).toBe(401);
  });

  it('revokes another of my sessions', async () => {
    const { client, email } = await signUpOwner(app.baseUrl);
    const laptop = new Client(app.baseUrl);
    await laptop.post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    const list = await client.get('/api/v1/auth/sessions');
    expect(list.body.items).toHaveLength(2);
    const other = list.body.items.find((s: { current: boolean }) => !s.current);
    expect((await client.delete(`/api/v1/auth/sessions/${other.id}`)).status).toBe(204);
    expect((await laptop.get('/api/v1/members')).status).toBe(401);
    expect((await client.get('/api/v1/members')).status).toBe(200);
  });

  it('throttles repeated failures per account with 429 and Retry-After', async () => {
    const { email } = await signUpOwner(app.baseUrl);
    const attacker = new Client(app.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++)
      statuses.push((await attacker.post('/api/v1/auth/signin', { email, password: `guess-${i}` })).status);
    expect(statuses.slice(0, 10).every((s) => s === 401)).toBe(true);
    const blocked = await attacker.post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('requires the CSRF header on cookie-authenticated writes', async () => {
    const { client } = await signUpOwner(app.baseUrl);
    client.sendCsrf = false;
    const res = await client.post('/api/v1/api-tokens', { name: 'ci', role: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_failed');
    const wrong = await client.post(
      '/api/v1/api-tokens',
      { name: 'ci', role: 'admin' },
      { 'x-csrf-token': 'f'.repeat(64) },
    );
    expect(wrong.status).toBe(403);
    expect(await app.db.adminApiToken.count()).toBe(0);
  });

  it('refuses a cross-origin write', async () => {
    const { client } = await signUpOwner(app.baseUrl);
    const res = await client.post(
      '/api/v1/api-tokens',
      { name: 'ci', role: 'admin' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
  });

  it('answers 401 to anonymous calls on protected routes', async () => {
    const res = await new Client(app.baseUrl).get('/api/v1/members');
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('unauthenticated');
  });
});

describe('tenants', () => {
  it('lets a user create a second tenant and switch between them', async () => {
    const { client, tenantId } = await signUpOwner(app.baseUrl);
    const created = await client.post('/api/v1/auth/tenants', { name: 'Second', slug: uniqueSlug('second') });
    expect(created.status).toBe(201);
    expect(created.body.tenants).toHaveLength(2);
    expect(created.body.tenant.id).not.toBe(tenantId);
    expect((await client.get('/api/v1/tenant')).body.name).toBe('Second');
    const back = await client.post('/api/v1/auth/session/tenant', { tenantId });
    expect(back.status).toBe(200);
    expect((await client.get('/api/v1/tenant')).body.id).toBe(tenantId);
  });

  it('cannot switch into a tenant it is not a member of (404)', async () => {
    const a = await signUpOwner(app.baseUrl);
    const b = await signUpOwner(app.baseUrl);
    const res = await a.client.post('/api/v1/auth/session/tenant', { tenantId: b.tenantId });
    expect(res.status).toBe(404);
  });

  it('validates tenant settings', async () => {
    const { client } = await signUpOwner(app.baseUrl);
    const bad = await client.patch('/api/v1/tenant', { timeZone: 'Mars/Olympus' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('timeZone');
    const ok = await client.patch('/api/v1/tenant', { timeZone: 'Europe/Paris' });
    expect(ok.body.timeZone).toBe('Europe/Paris');
  });
});
