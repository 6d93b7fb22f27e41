// Negative tests for the findings of issue 17's review of the people's front door: each one
// fails on the code before the fix.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  GOOD_PASSWORD,
  addMember,
  signUpOwner,
  startTestApp,
  uniqueEmail,
  uniqueSlug,
  type TestApp,
} from './harness';
import { linkToken, readMailDir, tempMailDir, waitForMail } from './mailbox';
import { agentWithSecret, postForm, setupTenantWithServer, waitUntil } from './fixtures';

let app: TestApp;

/** Sign-up through the e-mailed link, as a person does when e-mail is configured. */
async function signUpOwnerByMail(target: TestApp, mailDir: string) {
  const email = uniqueEmail('owner');
  const res = await new Client(target.baseUrl).post('/api/v1/auth/signup', {
    email,
    password: GOOD_PASSWORD,
    name: 'O',
    tenantName: 'T',
    tenantSlug: uniqueSlug(),
  });
  expect(res.status).toBe(202);
  const token = linkToken(await waitForMail(() => readMailDir(mailDir), email, /Confirm/), '/signup/verify');
  const client = new Client(target.baseUrl);
  expect((await client.post('/api/v1/auth/signup/verify', { token })).status).toBe(201);
  return { email, client };
}
const PROXY_SECRET = 'console-proxy-secret-0123456789abcdef';
beforeAll(async () => {
  app = await startTestApp({ CONSOLE_PROXY_SECRET: PROXY_SECRET });
});
afterAll(() => app.close());

const viaConsole = (address: string, secret = PROXY_SECRET) => ({
  'x-portcullis-client-address': address,
  'x-portcullis-proxy-secret': secret,
});

describe('the sign-in throttle', () => {
  it('counts parallel attempts before the password hash: no more than the limit get a verdict', async () => {
    const { email } = await signUpOwner(app.baseUrl);
    const attempts = await Promise.all(
      Array.from({ length: 25 }, () =>
        new Client(app.baseUrl).post('/api/v1/auth/signin', { email, password: 'wrong-password-guess' }),
      ),
    );
    const statuses = attempts.map((r) => r.status);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15);
    // The account is now blocked, even with the right password.
    expect(
      (await new Client(app.baseUrl).post('/api/v1/auth/signin', { email, password: GOOD_PASSWORD })).status,
    ).toBe(429);
  });

  it("believes the console's forwarded address only with the shared secret", async () => {
    const { email, client, userId } = await signUpOwner(app.baseUrl);
    await new Client(app.baseUrl).post(
      '/api/v1/auth/signin',
      { email, password: 'wrong-password-1' },
      viaConsole('203.0.113.7'),
    );
    await new Client(app.baseUrl).post(
      '/api/v1/auth/signin',
      { email, password: 'wrong-password-2' },
      viaConsole('198.51.100.9', 'not-the-secret-0123456789abcdef00'),
    );
    const failed = await waitUntil('two failed sign-ins', async () => {
      const items = (await client.get('/api/v1/audit/events?action=session.sign_in_failed')).body.items as {
        ip: string;
        actor: { id: string };
      }[];
      return items.length === 2 ? items : undefined;
    });
    expect(failed.every((e) => e.actor.id === userId)).toBe(true);
    expect(failed.map((e) => e.ip).sort()).toEqual(['127.0.0.1', '203.0.113.7']);
  });

  it('throttles each forwarded browser on its own, not everyone behind the console', async () => {
    const attacker = viaConsole('203.0.113.66');
    for (let i = 0; i < 50; i++) {
      await new Client(app.baseUrl).post(
        '/api/v1/auth/signin',
        { email: uniqueEmail('spray'), password: 'guess-guess-guess' },
        attacker,
      );
    }
    expect(
      (
        await new Client(app.baseUrl).post(
          '/api/v1/auth/signin',
          { email: uniqueEmail('spray'), password: 'x-x-x-x-x-x-x' },
          attacker,
        )
      ).status,
    ).toBe(429);
    const { email } = await signUpOwner(app.baseUrl);
    const res = await new Client(app.baseUrl).post(
      '/api/v1/auth/signin',
      { email, password: GOOD_PASSWORD },
      viaConsole('203.0.113.67'),
    );
    expect(res.status).toBe(200);
  });
});

describe('admin API tokens', () => {
  it('are refused in the query string and the body', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const { token } = (await owner.client.post('/api/v1/api-tokens', { name: 'ci', role: 'admin' })).body;
    const anonymous = new Client(app.baseUrl);
    expect((await anonymous.get(`/api/v1/members?access_token=${token}`)).status).toBe(401);
    expect(
      (await anonymous.post('/api/v1/api-tokens', { access_token: token, name: 'x', role: 'auditor' }))
        .status,
    ).toBe(401);
    expect(await app.db.adminApiToken.count({ where: { tenantId: owner.tenantId } })).toBe(1);
    anonymous.bearer = token;
    expect((await anonymous.get('/api/v1/members')).status).toBe(200);
  });

  it('always expire', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const never = await owner.client.post('/api/v1/api-tokens', {
      name: 'forever',
      role: 'admin',
      expiresInDays: null,
    });
    expect(never.status).toBe(400);
    expect(never.body.errors[0].path).toBe('expiresInDays');
    const dflt = await owner.client.post('/api/v1/api-tokens', { name: 'default', role: 'admin' });
    expect(Date.parse(dflt.body.apiToken.expiresAt) - Date.now()).toBeGreaterThan(89 * 86400_000);
  });

  it('are revoked with their member, including the tokens their tokens made', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const admin = await addMember(app.baseUrl, owner.client, 'admin');
    const made = await admin.client.post('/api/v1/api-tokens', { name: 'theirs', role: 'admin' });
    const bot = new Client(app.baseUrl);
    bot.bearer = made.body.token;
    const child = await bot.post('/api/v1/api-tokens', { name: 'child', role: 'auditor' });
    expect(child.status).toBe(201);
    const childBot = new Client(app.baseUrl);
    childBot.bearer = child.body.token;
    expect((await childBot.get('/api/v1/members')).status).toBe(200);

    const membership = (await owner.client.get('/api/v1/members')).body.items.find(
      (m: { userId: string }) => m.userId === admin.userId,
    );
    expect((await owner.client.delete(`/api/v1/members/${membership.id}`)).status).toBe(204);
    expect((await bot.get('/api/v1/members')).status).toBe(401);
    expect((await childBot.get('/api/v1/members')).status).toBe(401);
    const listed = (await owner.client.get('/api/v1/api-tokens')).body.items as {
      name: string;
      status: string;
    }[];
    expect(listed.filter((t) => ['theirs', 'child'].includes(t.name)).map((t) => t.status)).toEqual([
      'revoked',
      'revoked',
    ]);
  });

  it('lose their admin rights when their creator becomes an auditor', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const admin = await addMember(app.baseUrl, owner.client, 'admin');
    const w = await admin.client.post('/api/v1/api-tokens', { name: 'writer', role: 'admin' });
    const r = await admin.client.post('/api/v1/api-tokens', { name: 'reader', role: 'auditor' });
    const membership = (await owner.client.get('/api/v1/members')).body.items.find(
      (m: { userId: string }) => m.userId === admin.userId,
    );
    await owner.client.patch(`/api/v1/members/${membership.id}`, { role: 'auditor' });
    const writer = new Client(app.baseUrl);
    writer.bearer = w.body.token;
    const reader = new Client(app.baseUrl);
    reader.bearer = r.body.token;
    expect((await writer.get('/api/v1/members')).status).toBe(401);
    expect((await reader.get('/api/v1/members')).status).toBe(200);
  });
});

describe('revocation at /t/{tenant}/revoke', () => {
  it("refuses an auditor's API token and takes an admin's", async () => {
    const owner = await signUpOwner(app.baseUrl);
    const slug = (await owner.client.get('/api/v1/tenant')).body.slug;
    const auditorToken = (await owner.client.post('/api/v1/api-tokens', { name: 'ro', role: 'auditor' })).body
      .token;
    const adminToken = (await owner.client.post('/api/v1/api-tokens', { name: 'rw', role: 'admin' })).body
      .token;
    const url = `${app.baseUrl}/t/${slug}/revoke`;
    const refused = await postForm(
      url,
      { token: 'pcak_whatever' },
      { authorization: `Bearer ${auditorToken}` },
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error).toBe('access_denied');
    expect(
      (await postForm(url, { token: 'pcak_whatever' }, { authorization: `Bearer ${adminToken}` })).status,
    ).toBe(200);
  });
});

describe('sessions', () => {
  it('keep their cookie for the absolute lifetime and slide the idle limit with use', async () => {
    const { client, userId } = await signUpOwner(app.baseUrl);
    const res = await client.post('/api/v1/auth/signin', {
      email: (await client.get('/api/v1/auth/session')).body.user.email,
      password: GOOD_PASSWORD,
    });
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('pc_session='))!;
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie)![1]!);
    expect(expires - Date.now()).toBeGreaterThan((app.config.SESSION_MAX_DAYS - 1) * 86400_000);
    // Eleven hours idle of a twelve-hour idle limit, then one request: the limit moves forward.
    const session = (
      await app.db.session.findMany({ where: { userId }, orderBy: { createdAt: 'desc' } })
    )[0]!;
    const past = new Date(Date.now() - 11 * 3600_000);
    await app.db.session.update({
      where: { id: session.id },
      data: { createdAt: past, lastSeenAt: past, expiresAt: new Date(Date.now() + 3600_000) },
    });
    expect((await client.get('/api/v1/auth/session')).status).toBe(200);
    const after = await app.db.session.findUniqueOrThrow({ where: { id: session.id } });
    expect(after.expiresAt.getTime() - Date.now()).toBeGreaterThan(11 * 3600_000);
  });
});

describe('sign-up', () => {
  it('creates at most TENANTS_PER_USER_MAX tenants per person', async () => {
    const capped = await startTestApp({ TENANTS_PER_USER_MAX: '2' });
    try {
      const owner = await signUpOwner(capped.baseUrl);
      expect(
        (await owner.client.post('/api/v1/auth/tenants', { name: 'Second', slug: uniqueSlug() })).status,
      ).toBe(201);
      const third = await owner.client.post('/api/v1/auth/tenants', { name: 'Third', slug: uniqueSlug() });
      expect(third.status).toBe(409);
      expect(await capped.db.membership.count({ where: { userId: owner.userId } })).toBe(2);
    } finally {
      await capped.close();
    }
  });

  it('is throttled per address', async () => {
    const limited = await startTestApp({ SIGNUP_LIMIT_PER_HOUR: '2' });
    try {
      const body = () => ({
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        name: 'N',
        tenantName: 'T',
        tenantSlug: uniqueSlug(),
      });
      expect((await new Client(limited.baseUrl).post('/api/v1/auth/signup', body())).status).toBe(201);
      expect((await new Client(limited.baseUrl).post('/api/v1/auth/signup', body())).status).toBe(201);
      const third = await new Client(limited.baseUrl).post('/api/v1/auth/signup', body());
      expect(third.status).toBe(429);
      expect(third.headers.get('retry-after')).toBeTruthy();
      expect(await limited.db.user.count()).toBe(2);
    } finally {
      await limited.close();
    }
  });

  it('with e-mail, answers the same for a new and a registered address, and the link works once', async () => {
    const mailDir = tempMailDir();
    const mailed = await startTestApp({ MAIL_DIR: mailDir });
    try {
      const registered = await signUpOwnerByMail(mailed, mailDir);
      const body = (email: string) => ({
        email,
        password: GOOD_PASSWORD,
        name: 'N',
        tenantName: 'T',
        tenantSlug: uniqueSlug(),
      });
      const fresh = uniqueEmail('fresh');
      const a = await new Client(mailed.baseUrl).post('/api/v1/auth/signup', body(fresh));
      const b = await new Client(mailed.baseUrl).post('/api/v1/auth/signup', body(registered.email));
      expect([a.status, b.status]).toEqual([202, 202]);
      expect(a.body).toEqual(b.body);
      expect(a.headers.getSetCookie()).toEqual([]);
      const source = () => readMailDir(mailDir);
      expect((await waitForMail(source, registered.email, /already have/)).text).not.toMatch(
        /signup\/verify/,
      );
      const token = linkToken(await waitForMail(source, fresh, /Confirm your e-mail/), '/signup/verify');
      const verified = await new Client(mailed.baseUrl).post('/api/v1/auth/signup/verify', { token });
      expect(verified.status).toBe(201);
      expect(verified.body.user.email).toBe(fresh);
      const again = await new Client(mailed.baseUrl).post('/api/v1/auth/signup/verify', { token });
      expect(again.status).toBe(404);
      expect(await mailed.db.user.count({ where: { email: fresh } })).toBe(1);
    } finally {
      await mailed.close();
    }
  });

  // One app at a time: passport's strategies are process-wide, so the last app started owns them.
  it('when closed, admits only the first owner', async () => {
    const closed = await startTestApp({ SIGNUP_MODE: 'closed' });
    try {
      const first = await signUpOwner(closed.baseUrl);
      const second = await new Client(closed.baseUrl).post('/api/v1/auth/signup', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        name: 'N',
        tenantName: 'T',
        tenantSlug: uniqueSlug(),
      });
      expect(second.status).toBe(403);
      expect(second.body.detail).toMatch(/closed/);
      expect(await closed.db.user.count()).toBe(1);
      // The first owner may still open more tenants; an invited admin may not.
      expect(
        (await first.client.post('/api/v1/auth/tenants', { name: 'More', slug: uniqueSlug() })).status,
      ).toBe(201);
      const admin = await addMember(closed.baseUrl, first.client, 'admin');
      expect(
        (await admin.client.post('/api/v1/auth/tenants', { name: 'Theirs', slug: uniqueSlug() })).status,
      ).toBe(403);
    } finally {
      await closed.close();
    }
  });

  it('when invitation-only, admits no one through sign-up', async () => {
    const invite = await startTestApp({ SIGNUP_MODE: 'invite' });
    try {
      const refused = await new Client(invite.baseUrl).post('/api/v1/auth/signup', {
        email: uniqueEmail(),
        password: GOOD_PASSWORD,
        name: 'N',
        tenantName: 'T',
        tenantSlug: uniqueSlug(),
      });
      expect(refused.status).toBe(403);
      expect(refused.body.detail).toMatch(/invitation/);
      expect(await invite.db.user.count()).toBe(0);
    } finally {
      await invite.close();
    }
  });
});

describe('operations endpoints', () => {
  it('/metrics is off without METRICS_TOKEN and needs it as a bearer token', async () => {
    expect((await fetch(`${app.baseUrl}/metrics`)).status).toBe(404);
    const token = 'metrics-scrape-token-0123456789';
    const withToken = await startTestApp({ METRICS_TOKEN: token });
    try {
      expect((await fetch(`${withToken.baseUrl}/metrics`)).status).toBe(401);
      expect(
        (
          await fetch(`${withToken.baseUrl}/metrics`, {
            headers: { authorization: 'Bearer wrong-token-0123456789abc' },
          })
        ).status,
      ).toBe(401);
      const ok = await fetch(`${withToken.baseUrl}/metrics`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('http_requests_total');
    } finally {
      await withToken.close();
    }
  });

  it('/api/docs needs a console session when API_DOCS=signed_in, and is gone when off', async () => {
    const off = await startTestApp({ API_DOCS: 'off' });
    for (const path of ['/api/docs', '/api/openapi.json', '/api/openapi.yaml'])
      expect((await fetch(`${off.baseUrl}${path}`)).status, path).toBe(404);
    await off.close();
    const signedIn = await startTestApp({ API_DOCS: 'signed_in' });
    try {
      for (const path of ['/api/docs', '/api/openapi.json', '/api/openapi.yaml'])
        expect((await fetch(`${signedIn.baseUrl}${path}`)).status, path).toBe(401);
      const owner = await signUpOwner(signedIn.baseUrl);
      expect((await owner.client.get('/api/openapi.json')).status).toBe(200);
      expect((await owner.client.get('/api/docs')).status).toBe(200);
    } finally {
      await signedIn.close();
    }
  });
});

describe('issuer URLs', () => {
  it('are normalized, so an upper-case host and a default port in PUBLIC_URL still issue tokens', async () => {
    const upper = await startTestApp({ PUBLIC_URL: 'http://LOCALHOST:{port}/', RUN_WORKER: 'true' });
    try {
      expect(upper.config.PUBLIC_URL).toMatch(/^http:\/\/localhost:\d+$/);
      const { owner, serverId, gatewayUrl, issuer } = await setupTenantWithServer(upper.baseUrl);
      expect(gatewayUrl.startsWith(upper.config.PUBLIC_URL)).toBe(true);
      const agent = await agentWithSecret(owner.client, serverId);
      const slug = new URL(issuer).pathname.split('/')[2];
      const res = await postForm(
        `${upper.baseUrl}/t/${slug}/token`,
        { grant_type: 'client_credentials', resource: gatewayUrl },
        {
          authorization: `Basic ${Buffer.from(`${agent.clientId}:${agent.clientSecret}`).toString('base64')}`,
        },
      );
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    } finally {
      await upper.close();
    }
  });
});
