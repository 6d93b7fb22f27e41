import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, addMember, signUpOwner, startTestApp, type TestApp } from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('admin API tokens', () => {
  it('is shown once, stored hashed, and accepted as a bearer token for its tenant', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const created = await owner.client.post('/api/v1/api-tokens', {
      name: 'terraform',
      role: 'admin',
      expiresInDays: 30,
    });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^pcat_[0-9A-Za-z]{49}$/);
    expect(created.body.apiToken.prefix).toBe(token.slice(0, 13));
    const row = await app.db.adminApiToken.findUniqueOrThrow({ where: { id: created.body.apiToken.id } });
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token);
    const list = await owner.client.get('/api/v1/api-tokens');
    expect(JSON.stringify(list.body)).not.toContain(token);

    const bot = new Client(app.baseUrl);
    bot.bearer = token;
    const members = await bot.get('/api/v1/members');
    expect(members.status).toBe(200);
    expect(members.body.items[0].userId).toBe(owner.userId);
    // No CSRF needed for bearer writes; admins may write.
    expect((await bot.post('/api/v1/api-tokens', { name: 'child', role: 'auditor' })).status).toBe(201);
    // Owners-only routes stay closed to tokens (they are never owners).
    expect((await bot.post('/api/v1/invitations', { email: 'x@example.com', role: 'admin' })).status).toBe(
      403,
    );
  });

  it('stops working when revoked or expired (401)', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const a = await owner.client.post('/api/v1/api-tokens', { name: 'a', role: 'admin' });
    const bot = new Client(app.baseUrl);
    bot.bearer = a.body.token;
    expect((await bot.get('/api/v1/members')).status).toBe(200);
    const revoked = await owner.client.delete(`/api/v1/api-tokens/${a.body.apiToken.id}`);
    expect(revoked.body.status).toBe('revoked');
    expect((await bot.get('/api/v1/members')).status).toBe(401);

    const b = await owner.client.post('/api/v1/api-tokens', { name: 'b', role: 'admin' });
    await app.db.adminApiToken.update({
      where: { id: b.body.apiToken.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    bot.bearer = b.body.token;
    expect((await bot.get('/api/v1/members')).status).toBe(401);
  });

  it('refuses a malformed, forged or owner-role token', async () => {
    const bot = new Client(app.baseUrl);
    bot.bearer = 'pcat_notarealtoken';
    expect((await bot.get('/api/v1/members')).status).toBe(401);
    const owner = await signUpOwner(app.baseUrl);
    const res = await owner.client.post('/api/v1/api-tokens', { name: 'x', role: 'owner' });
    expect(res.status).toBe(400);
    const bad = await owner.client.post('/api/v1/api-tokens', {
      name: 'x',
      role: 'admin',
      expiresInDays: 9999,
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('expiresInDays');
  });

  it('an auditor token reads but cannot write', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const t = await owner.client.post('/api/v1/api-tokens', { name: 'ro', role: 'auditor' });
    const bot = new Client(app.baseUrl);
    bot.bearer = t.body.token;
    expect((await bot.get('/api/v1/api-tokens')).status).toBe(200);
    expect((await bot.post('/api/v1/api-tokens', { name: 'y', role: 'auditor' })).status).toBe(403);
  });

  it('records last use', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const t = await owner.client.post('/api/v1/api-tokens', { name: 'used', role: 'auditor' });
    const bot = new Client(app.baseUrl);
    bot.bearer = t.body.token;
    await bot.get('/api/v1/members');
    const row = await app.db.adminApiToken.findUniqueOrThrow({ where: { id: t.body.apiToken.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it('auditor members cannot create tokens', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const auditor = await addMember(app.baseUrl, owner.client, 'auditor');
    expect((await auditor.client.post('/api/v1/api-tokens', { name: 'x', role: 'auditor' })).status).toBe(
      403,
    );
  });
});
