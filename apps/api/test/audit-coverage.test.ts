// Every change leaves an audit event: each write route of API_ROUTES is called for real and must
// append the event its contract names (`route.audit`), in the transaction of the change. A new
// write route fails this suite until it has a case here, or its contract says why it records
// nothing (`audit: { none }`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '@portcullis/sdk';
import { exportJWK, generateKeyPair } from 'jose';
import {
  Client,
  GOOD_PASSWORD,
  addMember,
  uniqueEmail,
  uniqueSlug,
  startTestApp,
  type Res,
  type TestApp,
} from './harness';
import { setupTenantWithServer } from './fixtures';
import { hashPassword } from '@portcullis/auth-core';
import { EmailTokens } from '../src/auth/email-tokens';
import { codeAt, enrolTotp } from './totp';
import {
  authorizeAs,
  authorizeRequest,
  pkce,
  registerClient,
  requestIdOf,
  REDIRECT,
} from './people-fixtures';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', LOG_LEVEL: 'error' });
});
afterAll(() => app?.close());

const writes = API_ROUTES.filter((r) => r.method !== 'GET');
/** The events a write's contract says it records (none for `audit: { none }`). */
const actionsOf = (key: string): readonly string[] => {
  const audit = writes.find((r) => r.key === key)?.audit;
  return !audit || !('action' in audit)
    ? []
    : typeof audit.action === 'string'
      ? [audit.action]
      : audit.action;
};

/** Audited writes this suite cannot call for real, and where their event is proven instead. */
const PROVEN_ELSEWHERE: Record<string, string> = {
  'POST /api/v1/auth/passkeys': 'needs a browser authenticator: e2e/tests/second-factors.spec.ts',
  'POST /api/v1/auth/signin/passkey': 'needs a browser authenticator: e2e/tests/second-factors.spec.ts',
  'PUT /api/v1/tenant/sso': 'needs a live OpenID provider: e2e/tests/sso.spec.ts',
};

type Env = Awaited<ReturnType<typeof setup>>;

async function setup() {
  const env = await setupTenantWithServer(app.baseUrl);
  const owner = env.owner.client;
  const ok = <T>(res: Res<T>, what: string) => {
    if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as any;
  };
  const agent = ok(await owner.post('/api/v1/agents', { name: 'coverage bot' }), 'agent');
  ok(
    await owner.request('PUT', `/api/v1/agents/${agent.id}/grants/${env.serverId}`, { tools: '*' }),
    'grant',
  );
  const secret = ok(await owner.post(`/api/v1/agents/${agent.id}/secrets`, {}), 'secret');
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const key = ok(
    await owner.post(`/api/v1/agents/${agent.id}/keys`, { jwk: await exportJWK(publicKey) }),
    'key',
  );
  const apiKey = ok(
    await owner.post(`/api/v1/agents/${agent.id}/api-keys`, {
      name: 'k',
      scope: [{ serverId: env.serverId, tools: '*' }],
    }),
    'api key',
  );
  const policy = ok(
    await owner.post('/api/v1/policies', { name: 'office', kind: 'ip', config: { allow: ['10.0.0.0/8'] } }),
    'policy',
  );
  const sink = ok(
    await owner.post('/api/v1/audit/sinks', {
      name: 'siem',
      kind: 'webhook',
      url: 'http://127.0.0.1:9/hook',
    }),
    'sink',
  );
  const dead = await app.db.auditDelivery.create({
    data: { tenantId: env.tenant.id, sinkId: sink.sink.id, status: 'dead', eventIds: [] },
  });
  const token = ok(await owner.post('/api/v1/api-tokens', { name: 'ci', role: 'auditor' }), 'api token');
  const invitation = ok(
    await owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'auditor' }),
    'invitation',
  );
  const member = await addMember(app.baseUrl, owner, 'admin');
  const membership = (
    ok(await owner.get('/api/v1/members'), 'members').items as { id: string; userId: string }[]
  ).find((m) => m.userId === member.userId)!;
  const tool = env.tools[0] as { id: string };
  // People's MCP hosts: the owner may use the server, a client is registered, a request waits for consent.
  ok(
    await owner.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, {
      subject: { role: 'owner' },
      tools: '*',
    }),
    'member grant',
  );
  const people = { issuer: env.issuer, gatewayUrl: env.gatewayUrl, register: `${env.issuer}/register` };
  const oauthClient = await registerClient(people);
  const p = pkce();
  const pending = await authorizeRequest(env.issuer, {
    response_type: 'code',
    client_id: oauthClient.client_id,
    redirect_uri: REDIRECT,
    code_challenge: p.challenge,
    code_challenge_method: 'S256',
    resource: env.gatewayUrl,
  });
  const authorizationId = requestIdOf(pending.location);
  const quarantined = await app.db.mcpTool.create({
    data: {
      tenantId: env.tenant.id,
      serverId: env.serverId,
      name: 'new_tool',
      definition: {
        description: 'A tool the server just added',
        inputSchema: { type: 'object', properties: {} },
        annotations: null,
      },
      fingerprint: 'a'.repeat(64),
    },
  });
  return {
    ...env,
    owner,
    ownerEmail: env.owner.email,
    member,
    membership,
    agent,
    secret,
    key,
    apiKey,
    policy,
    sink,
    dead,
    token,
    invitation,
    tool,
    quarantined,
    people,
    oauthClient,
    authorizationId,
  };
}

const oauthClientRow = async (e: Env) =>
  ((await e.owner.get('/api/v1/oauth-clients')).body.items as { id: string; clientId: string }[]).find(
    (c) => c.clientId === e.oauthClient.client_id,
  )!.id;

/** One real call per audited write route: it must leave one of the events of the route's contract. */
const CASES: Record<string, (env: Env) => Promise<Res>> = {
  'POST /api/v1/auth/signup': async () =>
    new Client(app.baseUrl).post('/api/v1/auth/signup', {
      email: uniqueEmail(),
      password: GOOD_PASSWORD,
      name: 'N',
      tenantName: 'N',
      tenantSlug: uniqueSlug(),
    }),
  'POST /api/v1/auth/signup/verify': async () => {
    // The link a sign-up message carries (e-mail is off in this suite, so it is issued here).
    const payload = {
      name: 'V',
      passwordHash: await hashPassword(GOOD_PASSWORD),
      tenantName: 'V',
      tenantSlug: uniqueSlug(),
    };
    const token = await app.app.get(EmailTokens).issue('signup', uniqueEmail(), 60_000, { payload });
    return new Client(app.baseUrl).post('/api/v1/auth/signup/verify', { token });
  },
  'POST /api/v1/auth/password': async (e) =>
    (await addMember(app.baseUrl, e.owner, 'auditor')).client.post('/api/v1/auth/password', {
      currentPassword: GOOD_PASSWORD,
      newPassword: 'another-long-passphrase-1',
    }),
  'POST /api/v1/auth/password/reset': async (e) => {
    const member = await addMember(app.baseUrl, e.owner, 'auditor');
    const token = await app.app
      .get(EmailTokens)
      .issue('password_reset', member.email, 60_000, { userId: member.userId });
    return new Client(app.baseUrl).post('/api/v1/auth/password/reset', {
      token,
      password: 'another-long-passphrase-2',
    });
  },
  'POST /api/v1/auth/totp/confirm': async (e) => {
    const member = await addMember(app.baseUrl, e.owner, 'auditor');
    const setup = await member.client.post('/api/v1/auth/totp/setup');
    return member.client.post('/api/v1/auth/totp/confirm', { code: codeAt(setup.body.secret) });
  },
  'POST /api/v1/auth/recovery-codes': async (e) => {
    const member = await addMember(app.baseUrl, e.owner, 'auditor');
    const { secret } = await enrolTotp(member.client);
    return member.client.post('/api/v1/auth/recovery-codes', { code: codeAt(secret, 1) });
  },
  'POST /api/v1/auth/totp/disable': async (e) => {
    const member = await addMember(app.baseUrl, e.owner, 'auditor');
    const { recoveryCodes } = await enrolTotp(member.client);
    return member.client.post('/api/v1/auth/totp/disable', { recoveryCode: recoveryCodes[0] });
  },
  'POST /api/v1/auth/signin/second-factor': async (e) => {
    const member = await addMember(app.baseUrl, e.owner, 'auditor');
    const { secret } = await enrolTotp(member.client);
    const browser = new Client(app.baseUrl);
    await browser.post('/api/v1/auth/signin', { email: member.email, password: GOOD_PASSWORD });
    return browser.post('/api/v1/auth/signin/second-factor', { code: codeAt(secret, 1) });
  },
  'DELETE /api/v1/auth/passkeys/{id}': async (e) => {
    const member = await addMember(app.baseUrl, e.owner, 'auditor');
    const key = await app.db.passkey.create({
      data: {
        userId: member.userId,
        credentialId: `cred-${member.userId}`,
        publicKey: Buffer.from([1]),
        name: 'k',
        transports: [],
      },
    });
    return member.client.delete(`/api/v1/auth/passkeys/${key.id}`);
  },
  'DELETE /api/v1/tenant/sso': async (e) => {
    await app.db.ssoConnection.create({
      data: {
        tenantId: e.tenant.id,
        issuer: 'https://idp.example',
        clientId: 'c',
        allowedDomains: ['example.com'],
      },
    });
    return e.owner.delete('/api/v1/tenant/sso');
  },
  'PATCH /api/v1/tenant/security': (e) =>
    e.owner.patch('/api/v1/tenant/security', { requireSecondFactor: false }),
  'POST /api/v1/auth/signin': async (e) =>
    new Client(app.baseUrl).post('/api/v1/auth/signin', { email: e.ownerEmail, password: GOOD_PASSWORD }),
  'POST /api/v1/auth/signout': async (e) => e.member.client.post('/api/v1/auth/signout'),
  'DELETE /api/v1/auth/sessions/{id}': async (e) => {
    const other = new Client(app.baseUrl);
    await other.post('/api/v1/auth/signin', { email: e.ownerEmail, password: GOOD_PASSWORD });
    const sessions = (await other.get('/api/v1/auth/sessions')).body.items as {
      id: string;
      current: boolean;
    }[];
    return e.owner.delete(`/api/v1/auth/sessions/${sessions.find((s) => s.current)!.id}`);
  },
  'POST /api/v1/auth/invitations/accept': async (e) => {
    const inv = await e.owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'auditor' });
    return new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', {
      token: String(inv.body.link).split('#')[1],
      name: 'A',
      password: GOOD_PASSWORD,
    });
  },
  'PATCH /api/v1/tenant': (e) => e.owner.patch('/api/v1/tenant', { timeZone: 'Europe/Paris' }),
  'PATCH /api/v1/members/{id}': (e) =>
    e.owner.patch(`/api/v1/members/${e.membership.id}`, { role: 'auditor' }),
  'DELETE /api/v1/members/{id}': (e) => e.owner.delete(`/api/v1/members/${e.membership.id}`),
  'POST /api/v1/invitations': (e) =>
    e.owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'admin' }),
  'DELETE /api/v1/invitations/{id}': (e) =>
    e.owner.delete(`/api/v1/invitations/${e.invitation.invitation.id}`),
  'POST /api/v1/api-tokens': (e) => e.owner.post('/api/v1/api-tokens', { name: 'x', role: 'admin' }),
  'DELETE /api/v1/api-tokens/{id}': (e) => e.owner.delete(`/api/v1/api-tokens/${e.token.apiToken.id}`),
  'POST /api/v1/signing-keys/rotate': (e) => e.owner.post('/api/v1/signing-keys/rotate', {}),
  'POST /api/v1/servers': (e) =>
    e.owner.post('/api/v1/servers', {
      slug: 'second',
      name: 'Second',
      upstreamUrl: e.upstream.url,
      upstreamAuth: { type: 'none' },
    }),
  'PATCH /api/v1/servers/{id}': (e) => e.owner.patch(`/api/v1/servers/${e.serverId}`, { name: 'Renamed' }),
  'PATCH /api/v1/servers/{id}/tools/{toolId}': (e) =>
    e.owner.patch(`/api/v1/servers/${e.serverId}/tools/${e.tool.id}`, { enabled: false }),
  'POST /api/v1/servers/{id}/tools/{toolId}/approve': (e) =>
    e.owner.post(`/api/v1/servers/${e.serverId}/tools/${e.quarantined.id}/approve`, {
      fingerprint: e.quarantined.fingerprint,
    }),
  'POST /api/v1/servers/{id}/tools/{toolId}/reject': (e) =>
    e.owner.post(`/api/v1/servers/${e.serverId}/tools/${e.quarantined.id}/reject`),
  'POST /api/v1/agents': (e) => e.owner.post('/api/v1/agents', { name: 'another' }),
  'PATCH /api/v1/agents/{id}': (e) =>
    e.owner.patch(`/api/v1/agents/${e.agent.id}`, { description: 'changed' }),
  'PUT /api/v1/agents/{id}/grants/{serverId}': (e) =>
    e.owner.request('PUT', `/api/v1/agents/${e.agent.id}/grants/${e.serverId}`, { tools: ['echo'] }),
  'POST /api/v1/agents/{id}/secrets': (e) => e.owner.post(`/api/v1/agents/${e.agent.id}/secrets`, {}),
  'PATCH /api/v1/agents/{id}/secrets/{secretId}': (e) =>
    e.owner.patch(`/api/v1/agents/${e.agent.id}/secrets/${e.secret.secret.id}`, {
      expiresAt: new Date(Date.now() + 86400_000).toISOString(),
    }),
  'DELETE /api/v1/agents/{id}/secrets/{secretId}': (e) =>
    e.owner.delete(`/api/v1/agents/${e.agent.id}/secrets/${e.secret.secret.id}`),
  'POST /api/v1/agents/{id}/keys': async (e) =>
    e.owner.post(`/api/v1/agents/${e.agent.id}/keys`, {
      jwk: await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey),
    }),
  'DELETE /api/v1/agents/{id}/keys/{keyId}': (e) =>
    e.owner.delete(`/api/v1/agents/${e.agent.id}/keys/${e.key.items[0].id}`),
  'POST /api/v1/agents/{id}/api-keys': (e) =>
    e.owner.post(`/api/v1/agents/${e.agent.id}/api-keys`, {
      name: 'k2',
      scope: [{ serverId: e.serverId, tools: ['echo'] }],
    }),
  'DELETE /api/v1/agents/{id}/api-keys/{keyId}': (e) =>
    e.owner.delete(`/api/v1/agents/${e.agent.id}/api-keys/${e.apiKey.apiKey.id}`),
  'DELETE /api/v1/agents/{id}/grants/{serverId}': (e) =>
    e.owner.delete(`/api/v1/agents/${e.agent.id}/grants/${e.serverId}`),
  'DELETE /api/v1/agents/{id}': (e) => e.owner.delete(`/api/v1/agents/${e.agent.id}`),
  'POST /api/v1/policies': (e) =>
    e.owner.post('/api/v1/policies', { name: 'night', kind: 'ip', config: { deny: ['192.0.2.0/24'] } }),
  'PATCH /api/v1/policies/{id}': (e) => e.owner.patch(`/api/v1/policies/${e.policy.id}`, { mode: 'monitor' }),
  'DELETE /api/v1/policies/{id}': (e) => e.owner.delete(`/api/v1/policies/${e.policy.id}`),
  'POST /api/v1/auth/authorizations/{id}': (e) =>
    e.owner.post(`/api/v1/auth/authorizations/${e.authorizationId}`, { decision: 'allow' }),
  'DELETE /api/v1/auth/consents/{id}': async (e) =>
    e.owner.delete(`/api/v1/auth/consents/${(await e.owner.get('/api/v1/auth/consents')).body.items[0].id}`),
  'DELETE /api/v1/consents/{id}': async (e) => {
    await authorizeAs(e.owner, e.people, e.oauthClient.client_id);
    return e.owner.delete(`/api/v1/consents/${(await e.owner.get('/api/v1/consents')).body.items[0].id}`);
  },
  'PATCH /api/v1/oauth-clients/{id}': async (e) =>
    e.owner.patch(`/api/v1/oauth-clients/${await oauthClientRow(e)}`, { verified: true }),
  'DELETE /api/v1/oauth-clients/{id}': async (e) =>
    e.owner.delete(`/api/v1/oauth-clients/${await oauthClientRow(e)}`),
  'PUT /api/v1/servers/{id}/member-grants': (e) =>
    e.owner.request('PUT', `/api/v1/servers/${e.serverId}/member-grants`, {
      subject: { role: 'auditor' },
      tools: ['echo'],
    }),
  'DELETE /api/v1/servers/{id}/member-grants/{grantId}': async (e) =>
    e.owner.delete(
      `/api/v1/servers/${e.serverId}/member-grants/${(await e.owner.get(`/api/v1/servers/${e.serverId}/member-grants`)).body.items[0].id}`,
    ),
  'POST /api/v1/audit/sinks': (e) =>
    e.owner.post('/api/v1/audit/sinks', { name: 'second', kind: 'webhook', url: 'http://127.0.0.1:9/other' }),
  'PATCH /api/v1/audit/sinks/{id}': (e) =>
    e.owner.patch(`/api/v1/audit/sinks/${e.sink.sink.id}`, { enabled: false }),
  'POST /api/v1/audit/sinks/{id}/deliveries/{deliveryId}/redrive': (e) =>
    e.owner.post(`/api/v1/audit/sinks/${e.sink.sink.id}/deliveries/${e.dead.id}/redrive`),
  'DELETE /api/v1/audit/sinks/{id}': (e) => e.owner.delete(`/api/v1/audit/sinks/${e.sink.sink.id}`),
  'POST /api/v1/audit/checkpoints': (e) => e.owner.post('/api/v1/audit/checkpoints'),
  'DELETE /api/v1/servers/{id}': (e) => e.owner.delete(`/api/v1/servers/${e.serverId}`),
  // A document listing one new policy and nothing else: without prune, the rest of the tenant stays.
  'POST /api/v1/governance/apply': (e) =>
    e.owner.post('/api/v1/governance/apply', {
      document: {
        version: 1,
        policies: [{ name: 'from git', kind: 'ip', config: { deny: ['198.51.100.0/24'] } }],
      },
    }),
  // Last: creating a tenant switches the owner's session to it.
  'POST /api/v1/auth/tenants': (e) =>
    e.owner.post('/api/v1/auth/tenants', { name: 'Second', slug: uniqueSlug() }),
};

describe('audit coverage', () => {
  it('has a case for every audited write route, and only for those', () => {
    expect(writes.length).toBeGreaterThan(30);
    const audited = writes.filter((r) => actionsOf(r.key).length > 0).map((r) => r.key);
    const covered = new Set([...Object.keys(CASES), ...Object.keys(PROVEN_ELSEWHERE)]);
    expect(
      audited.filter((k) => !covered.has(k)),
      'audited write routes with no case',
    ).toEqual([]);
    expect(
      [...covered].filter((k) => !audited.includes(k)),
      'cases for routes that do not exist or record nothing',
    ).toEqual([]);
    // What records nothing says why, in its contract.
    for (const r of writes.filter((x) => actionsOf(x.key).length === 0))
      expect(r.audit && 'none' in r.audit && r.audit.none.length > 5, r.key).toBe(true);
  });

  it("appends one of its contract's events for every change", async () => {
    const env = await setup();
    const missing: string[] = [];
    for (const [route, call] of Object.entries(CASES)) {
      const since = new Date();
      const res = await call(env);
      expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      // Admin changes commit with their event: it is there when the answer is.
      const event = await app.db.auditEvent.findFirst({
        where: { action: { in: [...actionsOf(route)] }, time: { gte: since } },
      });
      if (!event) missing.push(`${route} -> ${actionsOf(route).join(' | ')}`);
    }
    expect(missing).toEqual([]);
    const verdict = await env.owner.post('/api/v1/audit/verify');
    expect(verdict.body).toMatchObject({ ok: true });
    // One real call per write route, several of them signing people up and in (argon2): on a
    // loaded two-core machine this takes longer than the suite's default minute.
  }, 240_000);
});
