import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  GOOD_PASSWORD,
  addMember,
  signUpOwner,
  startTestApp,
  uniqueEmail,
  type TestApp,
} from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

describe('members and invitations', () => {
  it('invites with an expiring link whose token is in the fragment, and the invitee joins with the role', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const email = uniqueEmail('invitee');
    const inv = await owner.client.post('/api/v1/invitations', { email, role: 'admin', expiresInHours: 24 });
    expect(inv.status).toBe(201);
    expect(inv.body.link).toMatch(/^http:\/\/console\.test\/invite#[A-Za-z0-9_-]{43}$/);
    const token = inv.body.link.split('#')[1];
    const preview = await new Client(app.baseUrl).post('/api/v1/auth/invitations/preview', { token });
    expect(preview.body).toMatchObject({ email, role: 'admin', tenantName: 'Acme', accountExists: false });
    const invitee = new Client(app.baseUrl);
    const accepted = await invitee.post('/api/v1/auth/invitations/accept', {
      token,
      name: 'Bob',
      password: GOOD_PASSWORD,
    });
    expect(accepted.status).toBe(200);
    expect(accepted.body.tenant).toMatchObject({ id: owner.tenantId, role: 'admin' });
    const members = await owner.client.get('/api/v1/members');
    expect(members.body.items.map((m: { email: string }) => m.email)).toContain(email);
    // Single use.
    const again = await new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', {
      token,
      name: 'Eve',
      password: GOOD_PASSWORD,
    });
    expect(again.status).toBe(404);
  });

  it('refuses an expired or revoked invitation', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const a = await owner.client.post('/api/v1/invitations', { email: uniqueEmail(), role: 'auditor' });
    await app.db.invitation.update({
      where: { id: a.body.invitation.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const expired = await new Client(app.baseUrl).post('/api/v1/auth/invitations/preview', {
      token: a.body.link.split('#')[1],
    });
    expect(expired.status).toBe(404);
    const b = await owner.client.post('/api/v1/invitations', { email: uniqueEmail(), role: 'auditor' });
    expect((await owner.client.delete(`/api/v1/invitations/${b.body.invitation.id}`)).body.status).toBe(
      'revoked',
    );
    const revoked = await new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', {
      token: b.body.link.split('#')[1],
      name: 'X',
      password: GOOD_PASSWORD,
    });
    expect(revoked.status).toBe(404);
  });

  it('lets an existing user accept while signed in, only for their own address', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const other = await signUpOwner(app.baseUrl);
    const inv = await owner.client.post('/api/v1/invitations', { email: other.email, role: 'auditor' });
    const token = inv.body.link.split('#')[1];
    const stranger = await signUpOwner(app.baseUrl);
    const wrongUser = await stranger.client.post('/api/v1/auth/invitations/accept', { token });
    expect(wrongUser.status).toBe(403);
    const anonymous = await new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', {
      token,
      name: 'x',
      password: GOOD_PASSWORD,
    });
    expect(anonymous.status).toBe(401);
    const ok = await other.client.post('/api/v1/auth/invitations/accept', { token });
    expect(ok.status).toBe(200);
    expect(ok.body.tenants).toHaveLength(2);
    expect(ok.body.tenant).toMatchObject({ id: owner.tenantId, role: 'auditor' });
  });

  it('changes a role and removes a member, but never the last owner', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const admin = await addMember(app.baseUrl, owner.client, 'admin');
    const list = (await owner.client.get('/api/v1/members')).body.items;
    const adminRow = list.find((m: { userId: string }) => m.userId === admin.userId);
    const ownerRow = list.find((m: { userId: string }) => m.userId === owner.userId);
    const changed = await owner.client.patch(`/api/v1/members/${adminRow.id}`, { role: 'auditor' });
    expect(changed.body.role).toBe('auditor');
    expect((await admin.client.post('/api/v1/api-tokens', { name: 'x', role: 'admin' })).status).toBe(403);
    const demote = await owner.client.patch(`/api/v1/members/${ownerRow.id}`, { role: 'admin' });
    expect(demote.status).toBe(409);
    expect((await owner.client.delete(`/api/v1/members/${ownerRow.id}`)).status).toBe(409);
    expect((await owner.client.delete(`/api/v1/members/${adminRow.id}`)).status).toBe(204);
    expect((await admin.client.get('/api/v1/members')).status).toBe(403);
  });

  it('refuses an invalid role with a field error', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const res = await owner.client.post('/api/v1/invitations', { email: uniqueEmail(), role: 'superuser' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('role');
  });
});
