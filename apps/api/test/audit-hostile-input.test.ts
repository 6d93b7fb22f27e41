// Whatever comes in is in the trail: arbitrary Unicode and bytes (NUL, lone surrogates, invalid
// UTF-8, very long values) sent through the real paths (the token endpoint's client id; the
// gateway's methods, tool names, argument names and values; admin API names) each leave their
// request's event, stored and escaped (audit-core storable.ts), the chain verifies, nothing is
// rejected, and nothing else waits: the trail catches up and no append job is left behind.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeStorable, FIELD_CAPS, storableText } from '@portcullis/audit-core';
import { startTestApp, type TestApp } from './harness';
import { agentWithSecret, basic, postForm, setupTenantWithServer, waitUntil } from './fixtures';
import { AuditLag } from '../src/audit/audit-lag';
import { AuditService } from '../src/audit/audit.service';

let app: TestApp;
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;
let token: string;
const requestIds: string[] = [];

// Strings of any UTF-16 code units, weighted towards what PostgreSQL refuses or escaping touches;
// the long ones are past every field cap (the token endpoint's small body limit answers 413 to
// those before anything is audited, so it gets the short ones).
const short = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom('\0', '\uD800', '\uDFFF', '\\', 'u{', '}', '\uD83D\uDE00', '\u0001', 'é'),
    minLength: 1,
    maxLength: 40,
  }),
);
const hostile = fc.oneof(short, short, fc.string({ unit: 'binary', minLength: 2100, maxLength: 3000 }));
const runs = (numRuns: number) => ({ numRuns, endOnFailure: true });
// Raw bytes, percent-encoded one by one: invalid UTF-8 reaches the form parser as it is.
const bytes = fc.uint8Array({ minLength: 1, maxLength: 60 });
const percentEncoded = (b: Uint8Array) => [...b].map((x) => `%${x.toString(16).padStart(2, '0')}`).join('');

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', OAUTH_FAILURE_LIMIT: '1000' });
  env = await setupTenantWithServer(app.baseUrl);
  const agent = await agentWithSecret(env.owner.client, env.serverId);
  const issued = await postForm(
    `${env.issuer}/token`,
    { grant_type: 'client_credentials', resource: env.gatewayUrl },
    { authorization: basic(agent.clientId, agent.clientSecret) },
  );
  token = issued.body.access_token;
});
afterAll(async () => {
  await env?.upstream.close();
  await app?.close();
});

async function tokenRequest(body: string) {
  const res = await fetch(`${env.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  expect(res.status).toBe(401);
  requestIds.push(res.headers.get('x-request-id')!);
}

async function gatewayCall(message: unknown) {
  const res = await fetch(env.gatewayUrl, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    },
    // JSON.stringify writes a lone surrogate as \udxxx: valid JSON, parsed back into the same code unit.
    body: JSON.stringify(message),
  });
  expect(res.status).toBeLessThan(500);
  await res.arrayBuffer();
  requestIds.push(res.headers.get('x-request-id')!);
}

describe('hostile input reaches the trail', () => {
  it('token endpoint client ids (Unicode and raw bytes)', async () => {
    await tokenRequest('grant_type=client_credentials&client_id=%00evil&client_secret=wrong'); // the report's example
    await fc.assert(
      fc.asyncProperty(short, (id) =>
        tokenRequest(
          new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: id,
            client_secret: 'wrong',
          }).toString(),
        ),
      ),
      runs(20),
    );
    await fc.assert(
      fc.asyncProperty(bytes, (b) =>
        tokenRequest(`grant_type=client_credentials&client_id=${percentEncoded(b)}&client_secret=wrong`),
      ),
      runs(15),
    );
  }, 180_000);

  it('gateway methods, tool names, argument names and values', async () => {
    const method = hostile.filter((m) => !m.startsWith('notifications/'));
    await fc.assert(
      fc.asyncProperty(method, (m) => gatewayCall({ jsonrpc: '2.0', id: 1, method: m, params: {} })),
      runs(30),
    );
    await fc.assert(
      fc.asyncProperty(hostile, fc.dictionary(hostile, hostile, { maxKeys: 5 }), (name, args) =>
        gatewayCall({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name, arguments: args } }),
      ),
      runs(40),
    );
    // A granted tool with hostile argument names and values: forwarded, answered, recorded.
    await fc.assert(
      fc.asyncProperty(fc.dictionary(hostile, hostile, { minKeys: 1, maxKeys: 5 }), (args) =>
        gatewayCall({
          jsonrpc: '2.0',
          id: 3,
          method: 'tools/call',
          params: { name: 'echo', arguments: { text: 'x', ...args } },
        }),
      ),
      runs(30),
    );
  }, 180_000);

  it('admin API names: a change is refused (400) or made with its event, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, async (name) => {
        const res = await env.owner.client.post('/api/v1/api-tokens', { name, role: 'auditor' });
        expect([201, 400]).toContain(res.status);
        if (res.status !== 201) return;
        const event = await app.db.auditEvent.findFirstOrThrow({
          where: {
            tenantId: env.owner.tenantId,
            action: 'api_token.created',
            targetId: res.body.apiToken.id,
          },
        });
        // What was stored is the name, escaped (and cut, keeping its hash) exactly as audit-core says.
        expect(event.targetLabel).toBe(storableText(res.body.apiToken.name, FIELD_CAPS.targetLabel));
      }),
      runs(40),
    );
  }, 180_000);

  it('every request left its event, the chain verifies, nothing was rejected, and nothing waits', async () => {
    const tenantId = env.owner.tenantId;
    const missing = async () => {
      const found = await app.db.auditEvent.findMany({
        where: { tenantId, requestId: { in: requestIds } },
        select: { requestId: true },
      });
      const seen = new Set(found.map((e) => e.requestId));
      return requestIds.filter((id) => !seen.has(id));
    };
    await waitUntil('every request in the trail', async () => (await missing()).length === 0, 120_000);
    expect(await app.db.auditEvent.count({ where: { action: 'audit.event_rejected' } })).toBe(0);
    // Each hostile client id is stored as its escaped form, never replaced or dropped.
    const denied = await app.db.auditEvent.findMany({
      where: { tenantId, action: 'token.denied' },
      select: { actorId: true },
    });
    expect(denied.map((e) => e.actorId)).toContain(escapeStorable('\0evil'));
    expect((await env.owner.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    // Nothing else waits: the trail catches up, and no append job is failed or retrying.
    const audit = app.app.get(AuditService);
    audit.emit({
      tenantId,
      actor: { type: 'system', id: 'sentinel' },
      action: 'audit.checkpoint',
      outcome: 'success',
    });
    await waitUntil('the sentinel', () =>
      app.db.auditEvent.findFirst({ where: { tenantId, actorId: 'sentinel' } }).then((e) => e ?? undefined),
    );
    await waitUntil('no lag', async () => (await app.app.get(AuditLag).seconds()) === 0);
  }, 180_000);
});
