// Every change leaves an audit event: each write route of the OpenAPI document is called for
// real and must append the event named here, in the transaction of the change. A new write
// route fails this suite until it is listed (with its event, or with why it changes nothing).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { Client, GOOD_PASSWORD, addMember, uniqueEmail, uniqueSlug, startTestApp, type Res, type TestApp } from './harness';
import { setupTenantWithServer } from './fixtures';
import { hashPassword } from '@portcullis/auth-core';
import { EmailTokens } from '../src/auth/email-tokens';
import { codeAt, enrolTotp } from './totp';
import { authorizeAs, authorizeRequest, pkce, registerClient, requestIdOf, REDIRECT } from './people-fixtures';

let app: TestApp;
let routes: string[];

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', LOG_LEVEL: 'error' });
  const doc = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
});
afterAll(() => app?.close());

/** Writes that change no tenant data, and why. */
const CHANGES_NOTHING: Record<string, string> = {
  'POST /api/v1/auth/invitations/preview': 'reads an invitation',
  'POST /api/v1/auth/password/forgot': 'e-mails a reset link (the reset itself records user.password_reset)',
  'POST /api/v1/auth/totp/setup': 'keeps an unconfirmed secret; confirming it records user.second_factor_enabled',
  'POST /api/v1/auth/passkeys/options': 'a WebAuthn challenge in Redis; registering records user.passkey_added (e2e: second-factors.spec.ts)',
  'POST /api/v1/auth/passkeys': 'records user.passkey_added; needs a browser authenticator, so it is proven in e2e/tests/second-factors.spec.ts',
  'POST /api/v1/auth/signin/passkey/options': 'a WebAuthn challenge in Redis',
  'POST /api/v1/auth/signin/passkey': 'records session.signed_in; needs a browser authenticator (e2e/tests/second-factors.spec.ts)',
  'PUT /api/v1/tenant/sso': 'records tenant.sso_updated; needs a live OpenID provider (e2e/tests/sso.spec.ts)',
  'POST /api/v1/auth/session/tenant': "moves the session's pointer between the person's own tenants",
  'POST /api/v1/servers/test-connection': 'probes a URL, stores nothing',
  'POST /api/v1/servers/{id}/sync': 'queues a discovery; the job records server.synced and tool.quarantined',
  'POST /api/v1/audit/verify': 'reads the chain',
  'POST /api/v1/policies/validate': 'reads a draft',
  'POST /api/v1/policies/simulate': 'reads a draft',
  'POST /api/v1/policies/backtest': 'reads recorded calls',
  'POST /api/v1/governance/plan': 'reads a document',
  'DELETE /api/v1/jobs/{id}': 'stops a verification or back-test (read-only work)',
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
  ok(await owner.request('PUT', `/api/v1/agents/${agent.id}/grants/${env.serverId}`, { tools: '*' }), 'grant');
  const secret = ok(await owner.post(`/api/v1/agents/${agent.id}/secrets`, {}), 'secret');
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  const key = ok(await owner.post(`/api/v1/agents/${agent.id}/keys`, { jwk: await exportJWK(publicKey) }), 'key');
  const apiKey = ok(await owner.post(`/api/v1/agents/${agent.id}/api-keys`, { name: 'k', scope: [{ serverId: env.serverId, tools: '*' }] }), 'api key');
  const policy = ok(await owner.post('/api/v1/policies', { name: 'office', kind: 'ip', config: { allow: ['10.0.0.0/8'] } }), 'policy');
  const sink = ok(await owner.post('/api/v1/audit/sinks', { name: 'siem', kind: 'webhook', url: 'http://127.0.0.1:9/hook' }), 'sink');
  const dead = await app.db.auditDelivery.create({ data: { tenantId: env.tenant.id, sinkId: sink.sink.id, status: 'dead', eventIds: [] } });
  const token = ok(await owner.post('/api/v1/api-tokens', { name: 'ci', role: 'auditor' }), 'api token');
  const invitation = ok(await owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'auditor' }), 'invitation');
  const member = await addMember(app.baseUrl, owner, 'admin');
  const membership = (ok(await owner.get('/api/v1/members'), 'members').items as { id: string; userId: string }[]).find((m) => m.userId === member.userId)!;
  const tool = env.tools[0] as { id: string };
  // People's MCP hosts: the owner may use the server, a client is registered, a request waits for consent.
  ok(await owner.request('PUT', `/api/v1/servers/${env.serverId}/member-grants`, { subject: { role: 'owner' }, tools: '*' }), 'member grant');
  const people = { issuer: env.issuer, gatewayUrl: env.gatewayUrl, register: `${env.issuer}/register` };
  const oauthClient = await registerClient(people);
  const p = pkce();
  const pending = await authorizeRequest(env.issuer, { response_type: 'code', client_id: oauthClient.client_id, redirect_uri: REDIRECT, code_challenge: p.challenge, code_challenge_method: 'S256', resource: env.gatewayUrl });
  const authorizationId = requestIdOf(pending.location);
  const quarantined = await app.db.mcpTool.create({ data: { tenantId: env.tenant.id, serverId: env.serverId, name: 'new_tool', definition: { description: 'A tool the server just added', inputSchema: { type: 'object', properties: {} }, annotations: null }, fingerprint: 'a'.repeat(64) } });
  return { ...env, owner, ownerEmail: env.owner.email, member, membership, agent, secret, key, apiKey, policy, sink, dead, token, invitation, tool, quarantined, people, oauthClient, authorizationId };
}

const oauthClientRow = async (e: Env) =>
  ((await e.owner.get('/api/v1/oauth-clients')).body.items as { id: string; clientId: string }[]).find((c) => c.clientId === e.oauthClient.client_id)!.id;

interface Case {
  action: string;
  call: (env: Env) => Promise<Res>;
}

/** One real call per write route and the event it must leave in the owner's tenant. */
const CASES: Record<string, Case> = {
  'POST /api/v1/auth/signup': {
    action: 'tenant.created',
    call: async () => new Client(app.baseUrl).post('/api/v1/auth/signup', { email: uniqueEmail(), password: GOOD_PASSWORD, name: 'N', tenantName: 'N', tenantSlug: uniqueSlug() }),
  },
  'POST /api/v1/auth/signup/verify': {
    action: 'tenant.created',
    call: async () => {
      // The link a sign-up message carries (e-mail is off in this suite, so it is issued here).
      const payload = { name: 'V', passwordHash: await hashPassword(GOOD_PASSWORD), tenantName: 'V', tenantSlug: uniqueSlug() };
      const token = await app.app.get(EmailTokens).issue('signup', uniqueEmail(), 60_000, { payload });
      return new Client(app.baseUrl).post('/api/v1/auth/signup/verify', { token });
    },
  },
  'POST /api/v1/auth/password': {
    action: 'user.password_changed',
    call: async (e) => (await addMember(app.baseUrl, e.owner, 'auditor')).client.post('/api/v1/auth/password', { currentPassword: GOOD_PASSWORD, newPassword: 'another-long-passphrase-1' }),
  },
  'POST /api/v1/auth/password/reset': {
    action: 'user.password_reset',
    call: async (e) => {
      const member = await addMember(app.baseUrl, e.owner, 'auditor');
      const token = await app.app.get(EmailTokens).issue('password_reset', member.email, 60_000, { userId: member.userId });
      return new Client(app.baseUrl).post('/api/v1/auth/password/reset', { token, password: 'another-long-passphrase-2' });
    },
  },
  'POST /api/v1/auth/totp/confirm': {
    action: 'user.second_factor_enabled',
    call: async (e) => {
      const member = await addMember(app.baseUrl, e.owner, 'auditor');
      const setup = await member.client.post('/api/v1/auth/totp/setup');
      return member.client.post('/api/v1/auth/totp/confirm', { code: codeAt(setup.body.secret) });
    },
  },
  'POST /api/v1/auth/recovery-codes': {
    action: 'user.recovery_codes_regenerated',
    call: async (e) => {
      const member = await addMember(app.baseUrl, e.owner, 'auditor');
      const { secret } = await enrolTotp(member.client);
      return member.client.post('/api/v1/auth/recovery-codes', { code: codeAt(secret, 1) });
    },
  },
  'POST /api/v1/auth/totp/disable': {
    action: 'user.second_factor_disabled',
    call: async (e) => {
      const member = await addMember(app.baseUrl, e.owner, 'auditor');
      const { recoveryCodes } = await enrolTotp(member.client);
      return member.client.post('/api/v1/auth/totp/disable', { recoveryCode: recoveryCodes[0] });
    },
  },
  'POST /api/v1/auth/signin/second-factor': {
    action: 'session.signed_in',
    call: async (e) => {
      const member = await addMember(app.baseUrl, e.owner, 'auditor');
      const { secret } = await enrolTotp(member.client);
      const browser = new Client(app.baseUrl);
      await browser.post('/api/v1/auth/signin', { email: member.email, password: GOOD_PASSWORD });
      return browser.post('/api/v1/auth/signin/second-factor', { code: codeAt(secret, 1) });
    },
  },
  'DELETE /api/v1/auth/passkeys/{id}': {
    action: 'user.passkey_removed',
    call: async (e) => {
      const member = await addMember(app.baseUrl, e.owner, 'auditor');
      const key = await app.db.passkey.create({ data: { userId: member.userId, credentialId: `cred-${member.userId}`, publicKey: Buffer.from([1]), name: 'k', transports: [] } });
      return member.client.delete(`/api/v1/auth/passkeys/${key.id}`);
    },
  },
  'DELETE /api/v1/tenant/sso': {
    action: 'tenant.sso_updated',
    call: async (e) => {
      await app.db.ssoConnection.create({ data: { tenantId: e.tenant.id, issuer: 'https://idp.example', clientId: 'c', allowedDomains: ['example.com'] } });
      return e.owner.delete('/api/v1/tenant/sso');
    },
  },
  'PATCH /api/v1/tenant/security': { action: 'tenant.security_updated', call: (e) => e.owner.patch('/api/v1/tenant/security', { requireSecondFactor: false }) },
  'POST /api/v1/auth/signin': { action: 'session.signed_in', call: async (e) => new Client(app.baseUrl).post('/api/v1/auth/signin', { email: e.ownerEmail, password: GOOD_PASSWORD }) },
  'POST /api/v1/auth/signout': { action: 'session.signed_out', call: async (e) => e.member.client.post('/api/v1/auth/signout') },
  'DELETE /api/v1/auth/sessions/{id}': {
    action: 'session.signed_out',
    call: async (e) => {
      const other = new Client(app.baseUrl);
      await other.post('/api/v1/auth/signin', { email: e.ownerEmail, password: GOOD_PASSWORD });
      const sessions = (await other.get('/api/v1/auth/sessions')).body.items as { id: string; current: boolean }[];
      return e.owner.delete(`/api/v1/auth/sessions/${sessions.find((s) => s.current)!.id}`);
    },
  },
  'POST /api/v1/auth/invitations/accept': {
    action: 'member.joined',
    call: async (e) => {
      const inv = await e.owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'auditor' });
      return new Client(app.baseUrl).post('/api/v1/auth/invitations/accept', { token: String(inv.body.link).split('#')[1], name: 'A', password: GOOD_PASSWORD });
    },
  },
  'PATCH /api/v1/tenant': { action: 'tenant.updated', call: (e) => e.owner.patch('/api/v1/tenant', { timeZone: 'Europe/Paris' }) },
  'PATCH /api/v1/members/{id}': { action: 'member.role_changed', call: (e) => e.owner.patch(`/api/v1/members/${e.membership.id}`, { role: 'auditor' }) },
  'DELETE /api/v1/members/{id}': { action: 'member.removed', call: (e) => e.owner.delete(`/api/v1/members/${e.membership.id}`) },
  'POST /api/v1/invitations': { action: 'member.invited', call: (e) => e.owner.post('/api/v1/invitations', { email: uniqueEmail(), role: 'admin' }) },
  'DELETE /api/v1/invitations/{id}': { action: 'member.invitation_revoked', call: (e) => e.owner.delete(`/api/v1/invitations/${e.invitation.invitation.id}`) },
  'POST /api/v1/api-tokens': { action: 'api_token.created', call: (e) => e.owner.post('/api/v1/api-tokens', { name: 'x', role: 'admin' }) },
  'DELETE /api/v1/api-tokens/{id}': { action: 'api_token.revoked', call: (e) => e.owner.delete(`/api/v1/api-tokens/${e.token.apiToken.id}`) },
  'POST /api/v1/signing-keys/rotate': { action: 'key.rotated', call: (e) => e.owner.post('/api/v1/signing-keys/rotate', {}) },
  'POST /api/v1/servers': {
    action: 'server.created',
    call: (e) => e.owner.post('/api/v1/servers', { slug: 'second', name: 'Second', upstreamUrl: e.upstream.url, upstreamAuth: { type: 'none' } }),
  },
  'PATCH /api/v1/servers/{id}': { action: 'server.updated', call: (e) => e.owner.patch(`/api/v1/servers/${e.serverId}`, { name: 'Renamed' }) },
  'PATCH /api/v1/servers/{id}/tools/{toolId}': { action: 'tool.updated', call: (e) => e.owner.patch(`/api/v1/servers/${e.serverId}/tools/${e.tool.id}`, { enabled: false }) },
  'POST /api/v1/servers/{id}/tools/{toolId}/approve': {
    action: 'tool.approved',
    call: (e) => e.owner.post(`/api/v1/servers/${e.serverId}/tools/${e.quarantined.id}/approve`, { fingerprint: e.quarantined.fingerprint }),
  },
  'POST /api/v1/servers/{id}/tools/{toolId}/reject': { action: 'tool.rejected', call: (e) => e.owner.post(`/api/v1/servers/${e.serverId}/tools/${e.quarantined.id}/reject`) },
  'POST /api/v1/agents': { action: 'agent.created', call: (e) => e.owner.post('/api/v1/agents', { name: 'another' }) },
  'PATCH /api/v1/agents/{id}': { action: 'agent.updated', call: (e) => e.owner.patch(`/api/v1/agents/${e.agent.id}`, { description: 'changed' }) },
  'PUT /api/v1/agents/{id}/grants/{serverId}': { action: 'agent.updated', call: (e) => e.owner.request('PUT', `/api/v1/agents/${e.agent.id}/grants/${e.serverId}`, { tools: ['echo'] }) },
  'POST /api/v1/agents/{id}/secrets': { action: 'secret.created', call: (e) => e.owner.post(`/api/v1/agents/${e.agent.id}/secrets`, {}) },
  'PATCH /api/v1/agents/{id}/secrets/{secretId}': {
    action: 'secret.updated',
    call: (e) => e.owner.patch(`/api/v1/agents/${e.agent.id}/secrets/${e.secret.secret.id}`, { expiresAt: new Date(Date.now() + 86400_000).toISOString() }),
  },
  'DELETE /api/v1/agents/{id}/secrets/{secretId}': { action: 'secret.revoked', call: (e) => e.owner.delete(`/api/v1/agents/${e.agent.id}/secrets/${e.secret.secret.id}`) },
  'POST /api/v1/agents/{id}/keys': {
    action: 'agent.updated',
    call: async (e) => e.owner.post(`/api/v1/agents/${e.agent.id}/keys`, { jwk: await exportJWK((await generateKeyPair('ES256', { extractable: true })).publicKey) }),
  },
  'DELETE /api/v1/agents/{id}/keys/{keyId}': { action: 'agent.updated', call: (e) => e.owner.delete(`/api/v1/agents/${e.agent.id}/keys/${e.key.items[0].id}`) },
  'POST /api/v1/agents/{id}/api-keys': {
    action: 'api_key.created',
    call: (e) => e.owner.post(`/api/v1/agents/${e.agent.id}/api-keys`, { name: 'k2', scope: [{ serverId: e.serverId, tools: ['echo'] }] }),
  },
  'DELETE /api/v1/agents/{id}/api-keys/{keyId}': { action: 'api_key.revoked', call: (e) => e.owner.delete(`/api/v1/agents/${e.agent.id}/api-keys/${e.apiKey.apiKey.id}`) },
  'DELETE /api/v1/agents/{id}/grants/{serverId}': { action: 'agent.updated', call: (e) => e.owner.delete(`/api/v1/agents/${e.agent.id}/grants/${e.serverId}`) },
  'DELETE /api/v1/agents/{id}': { action: 'agent.deleted', call: (e) => e.owner.delete(`/api/v1/agents/${e.agent.id}`) },
  'POST /api/v1/policies': { action: 'policy.created', call: (e) => e.owner.post('/api/v1/policies', { name: 'night', kind: 'ip', config: { deny: ['192.0.2.0/24'] } }) },
  'PATCH /api/v1/policies/{id}': { action: 'policy.updated', call: (e) => e.owner.patch(`/api/v1/policies/${e.policy.id}`, { mode: 'monitor' }) },
  'DELETE /api/v1/policies/{id}': { action: 'policy.deleted', call: (e) => e.owner.delete(`/api/v1/policies/${e.policy.id}`) },
  'POST /api/v1/auth/authorizations/{id}': { action: 'consent.granted', call: (e) => e.owner.post(`/api/v1/auth/authorizations/${e.authorizationId}`, { decision: 'allow' }) },
  'DELETE /api/v1/auth/consents/{id}': {
    action: 'consent.revoked',
    call: async (e) => e.owner.delete(`/api/v1/auth/consents/${(await e.owner.get('/api/v1/auth/consents')).body.items[0].id}`),
  },
  'DELETE /api/v1/consents/{id}': {
    action: 'consent.revoked',
    call: async (e) => {
      await authorizeAs(e.owner, e.people, e.oauthClient.client_id);
      return e.owner.delete(`/api/v1/consents/${(await e.owner.get('/api/v1/consents')).body.items[0].id}`);
    },
  },
  'PATCH /api/v1/oauth-clients/{id}': { action: 'oauth_client.updated', call: async (e) => e.owner.patch(`/api/v1/oauth-clients/${await oauthClientRow(e)}`, { verified: true }) },
  'DELETE /api/v1/oauth-clients/{id}': { action: 'oauth_client.removed', call: async (e) => e.owner.delete(`/api/v1/oauth-clients/${await oauthClientRow(e)}`) },
  'PUT /api/v1/servers/{id}/member-grants': {
    action: 'member_grant.updated',
    call: (e) => e.owner.request('PUT', `/api/v1/servers/${e.serverId}/member-grants`, { subject: { role: 'auditor' }, tools: ['echo'] }),
  },
  'DELETE /api/v1/servers/{id}/member-grants/{grantId}': {
    action: 'member_grant.removed',
    call: async (e) => e.owner.delete(`/api/v1/servers/${e.serverId}/member-grants/${(await e.owner.get(`/api/v1/servers/${e.serverId}/member-grants`)).body.items[0].id}`),
  },
  // A document listing one new policy and nothing else: without prune, the rest of the tenant stays.
  'POST /api/v1/governance/apply': {
    action: 'policy.created',
    call: (e) => e.owner.post('/api/v1/governance/apply', { document: { version: 1, policies: [{ name: 'from git', kind: 'ip', config: { deny: ['198.51.100.0/24'] } }] } }),
  },
  'POST /api/v1/audit/sinks': { action: 'sink.created', call: (e) => e.owner.post('/api/v1/audit/sinks', { name: 'second', kind: 'webhook', url: 'http://127.0.0.1:9/other' }) },
  'PATCH /api/v1/audit/sinks/{id}': { action: 'sink.updated', call: (e) => e.owner.patch(`/api/v1/audit/sinks/${e.sink.sink.id}`, { enabled: false }) },
  'POST /api/v1/audit/sinks/{id}/deliveries/{deliveryId}/redrive': {
    action: 'sink.delivery_redriven',
    call: (e) => e.owner.post(`/api/v1/audit/sinks/${e.sink.sink.id}/deliveries/${e.dead.id}/redrive`),
  },
  'DELETE /api/v1/audit/sinks/{id}': { action: 'sink.deleted', call: (e) => e.owner.delete(`/api/v1/audit/sinks/${e.sink.sink.id}`) },
  'POST /api/v1/audit/checkpoints': { action: 'audit.checkpoint', call: (e) => e.owner.post('/api/v1/audit/checkpoints') },
  'DELETE /api/v1/servers/{id}': { action: 'server.deleted', call: (e) => e.owner.delete(`/api/v1/servers/${e.serverId}`) },
  // Last: creating a tenant switches the owner's session to it.
  'POST /api/v1/auth/tenants': { action: 'tenant.created', call: (e) => e.owner.post('/api/v1/auth/tenants', { name: 'Second', slug: uniqueSlug() }) },
};

describe('audit coverage', () => {
  it('lists every write route of the API, as audited or as changing nothing', () => {
    const writes = routes.filter((r) => !r.startsWith('GET '));
    expect(writes.length).toBeGreaterThan(30);
    const unlisted = writes.filter((r) => !(r in CASES) && !(r in CHANGES_NOTHING));
    expect(unlisted, 'write routes with no audit case').toEqual([]);
    const stale = [...Object.keys(CASES), ...Object.keys(CHANGES_NOTHING)].filter((r) => !writes.includes(r));
    expect(stale, 'cases for routes that no longer exist').toEqual([]);
  });

  it('appends the named event for every change, in the tenant it changed', async () => {
    const env = await setup();
    const missing: string[] = [];
    for (const [route, c] of Object.entries(CASES)) {
      const since = new Date();
      const res = await c.call(env);
      expect(res.status, `${route}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      // Admin changes commit with their event: it is there when the answer is.
      const event = await app.db.auditEvent.findFirst({ where: { action: c.action, time: { gte: since } } });
      if (!event) missing.push(`${route} -> ${c.action}`);
    }
    expect(missing).toEqual([]);
    const verdict = await env.owner.post('/api/v1/audit/verify');
    expect(verdict.body).toMatchObject({ ok: true });
    // One real call per write route, several of them signing people up and in (argon2): on a
    // loaded two-core machine this takes longer than the suite's default minute.
  }, 240_000);
});
