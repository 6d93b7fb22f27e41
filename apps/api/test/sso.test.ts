// Single sign-on's rules at the API (the flow itself runs in e2e/tests/sso.spec.ts against a
// real OpenID provider): settings are owners' and never show the secret, an issuer that is not
// an OpenID provider is refused, and "SSO required" holds for sessions that came another way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, GOOD_PASSWORD, addMember, signUpOwner, startTestApp, type TestApp } from './harness';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const requireSso = (tenantId: string) =>
  app.db.ssoConnection.create({
    data: {
      tenantId,
      issuer: 'https://idp.example',
      clientId: 'portcullis',
      allowedDomains: ['example.com'],
      ssoRequired: true,
    },
  });

describe('single sign-on settings', () => {
  it('refuse an issuer that is not an OpenID provider, and store nothing', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const res = await owner.client.request('PUT', '/api/v1/tenant/sso', {
      issuer: `${app.baseUrl}/nothing-here`,
      clientId: 'x',
      allowedDomains: ['example.com'],
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('issuer');
    expect(await app.db.ssoConnection.count({ where: { tenantId: owner.tenantId } })).toBe(0);
  });

  it('refuse an owner role for groups and a bad domain', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const owners = await owner.client.request('PUT', '/api/v1/tenant/sso', {
      issuer: 'https://idp.example',
      clientId: 'x',
      allowedDomains: ['example.com'],
      groupRoles: { root: 'owner' },
    });
    expect(owners.status).toBe(400);
    const domain = await owner.client.request('PUT', '/api/v1/tenant/sso', {
      issuer: 'https://idp.example',
      clientId: 'x',
      allowedDomains: ['not a domain'],
    });
    expect(domain.status).toBe(400);
  });

  it('show no secret, and the callback to register', async () => {
    const owner = await signUpOwner(app.baseUrl);
    await app.db.ssoConnection.create({
      data: {
        tenantId: owner.tenantId,
        issuer: 'https://idp.example',
        clientId: 'c',
        clientSecret: 'v1.sealed.value.x',
        allowedDomains: ['example.com'],
      },
    });
    const res = await owner.client.get('/api/v1/tenant/sso');
    expect(res.body.connection).toMatchObject({ hasClientSecret: true, clientId: 'c' });
    expect(JSON.stringify(res.body)).not.toContain('sealed');
    expect(res.body.redirectUri).toBe('http://console.test/api/v1/auth/sso/callback');
  });
});

describe('"SSO required"', () => {
  it("refuses a member's password when all their tenants require it, and keeps the owner's", async () => {
    const owner = await signUpOwner(app.baseUrl);
    const member = await addMember(app.baseUrl, owner.client, 'admin');
    await requireSso(owner.tenantId);
    const refused = await new Client(app.baseUrl).post('/api/v1/auth/signin', {
      email: member.email,
      password: GOOD_PASSWORD,
    });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('sso_required');
    const ownerIn = await new Client(app.baseUrl).post('/api/v1/auth/signin', {
      email: owner.email,
      password: GOOD_PASSWORD,
    });
    expect(ownerIn.status).toBe(200);
  });

  it('keeps password sessions out of that tenant, even for people who may sign in elsewhere', async () => {
    const a = await signUpOwner(app.baseUrl);
    const member = await addMember(app.baseUrl, a.client, 'admin');
    // The member's session is older than the rule: it loses access at its next request.
    expect((await member.client.get('/api/v1/members')).status).toBe(200);
    await requireSso(a.tenantId);
    const refused = await member.client.get('/api/v1/members');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('sso_required');
    expect((await a.client.get('/api/v1/members')).status).toBe(200);
  });

  it('sends a broken start back to the sign-in page with the reason, never to another site', async () => {
    const res = await fetch(
      `${app.baseUrl}/api/v1/auth/sso/start?tenant=no-such-tenant&next=//evil.example`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin).toBe('http://console.test');
    expect(location.pathname).toBe('/signin');
    expect(location.searchParams.get('sso_error')).toMatch(/does not sign in with single sign-on/);
    const callback = await fetch(`${app.baseUrl}/api/v1/auth/sso/callback?code=x&state=y`, {
      redirect: 'manual',
    });
    expect(callback.status).toBe(303);
    expect(new URL(callback.headers.get('location')!).searchParams.get('sso_error')).toMatch(
      /expired or was started in another browser/,
    );
  });
});
