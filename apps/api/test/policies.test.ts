// Policies through the gateway with real Redis: limits trip and recover across two gateway
// instances, IP lists refuse, guardrails redact results, monitor mode only records, and a
// Redis outage follows each policy's fail mode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '@portcullis/testkit';
import { startTestApp, type TestApp } from './harness';
import { agentWithSecret, basic, postForm, setupTenantWithServer, waitUntil } from './fixtures';

let app: TestApp;
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  env = await setupTenantWithServer(app.baseUrl);
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const headers = (token: string, extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  accept: 'application/json, text/event-stream',
  authorization: `Bearer ${token}`,
  ...extra,
});
const rpc = (id: number, method: string, params: unknown = {}) =>
  JSON.stringify({ jsonrpc: '2.0', id, method, params });
const initParams = {
  protocolVersion: '2025-06-18',
  capabilities: {},
  clientInfo: { name: 't', version: '1' },
};

/** An agent with a token and an open MCP session; returns a function calling a tool. */
async function session(baseUrl: string, issuer = env.issuer, gatewayUrl = env.gatewayUrl) {
  const agent = await agentWithSecret(env.owner.client, env.serverId);
  const token = (
    await postForm(
      `${issuer}/token`,
      { grant_type: 'client_credentials', resource: gatewayUrl },
      { authorization: basic(agent.clientId, agent.clientSecret) },
    )
  ).body.access_token as string;
  const url = gatewayUrl.replace(app.baseUrl, baseUrl);
  const init = await fetch(url, {
    method: 'POST',
    headers: headers(token),
    body: rpc(0, 'initialize', initParams),
  });
  const sid = init.headers.get('mcp-session-id')!;
  await init.text();
  let id = 1;
  const call = async (name: string, args: unknown, target = url) => {
    const res = await fetch(target, {
      method: 'POST',
      headers: headers(token, { 'mcp-session-id': sid }),
      body: rpc(id++, 'tools/call', { name, arguments: args }),
    });
    const text = await res.text();
    const data = text.startsWith('{')
      ? text
      : (text
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .at(-1) ?? '');
    return { status: res.status, headers: res.headers, body: data ? JSON.parse(data) : undefined };
  };
  return { agent, token, call };
}

async function createPolicy(body: Record<string, unknown>) {
  const res = await env.owner.client.post('/api/v1/policies', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; description: string };
}

/** The `policy.decision` event a policy left for a call of `agentId`. */
function decisionOf(agentId: string, policyId: string) {
  return waitUntil('policy.decision event', async () => {
    const r = await env.owner.client.get(`/api/v1/audit/events?action=policy.decision&agent=${agentId}`);
    return r.body.items.find((e: { target?: { id: string } }) => e.target?.id === policyId);
  });
}

describe('managing policies', () => {
  it('validates per field, describes in words, and enables/disables', async () => {
    const bad = await env.owner.client.post('/api/v1/policies', {
      name: 'ips',
      kind: 'ip',
      config: { allow: ['10.0.0.1/8', '10.0.0.300/8'] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toContain('config.allow.1');
    const ok = await createPolicy({
      name: 'office',
      kind: 'ip',
      mode: 'monitor',
      config: { allow: ['10.0.0.0/8'] },
    });
    expect(ok.description).toMatch(/10\.0\.0\.0\/8/);
    const off = await env.owner.client.patch(`/api/v1/policies/${ok.id}`, { enabled: false });
    expect(off.body.enabled).toBe(false);
    const validate = await env.owner.client.post('/api/v1/policies/validate', {
      draft: { name: 'x', kind: 'rate_limit', config: { limit: 0 } },
    });
    expect(validate.body.valid).toBe(false);
    await env.owner.client.delete(`/api/v1/policies/${ok.id}`);
  });

  it("caps the custom patterns of all the tenant's guardrails together, and a refused change changes nothing", async () => {
    const patterns = (n: number, prefix: string) =>
      Array.from({ length: n }, (_, i) => ({ name: `${prefix}${i}`, pattern: `secret${i}`, action: 'flag' }));
    const made: string[] = [];
    try {
      for (let i = 0; i < 4; i++)
        made.push(
          (
            await createPolicy({
              name: `many ${i}`,
              kind: 'guardrail',
              config: { direction: 'both', customPatterns: patterns(50, `p${i}-`) },
            })
          ).id,
        );
      const over = await env.owner.client.post('/api/v1/policies', {
        name: 'one more',
        kind: 'guardrail',
        config: { direction: 'both', customPatterns: patterns(1, 'x') },
      });
      expect(over.status).toBe(400);
      expect(over.body.errors[0]).toMatchObject({
        path: 'config.customPatterns',
        message: expect.stringMatching(/200 custom patterns/),
      });
      expect(
        (await env.owner.client.get('/api/v1/policies')).body.items.filter(
          (p: { name: string }) => p.name === 'one more',
        ),
      ).toEqual([]);
      // Replacing a policy's own patterns is within the budget.
      const same = await env.owner.client.patch(`/api/v1/policies/${made[0]}`, {
        config: { direction: 'both', customPatterns: patterns(50, 'q-') },
      });
      expect(same.status).toBe(200);
    } finally {
      for (const id of made) await env.owner.client.delete(`/api/v1/policies/${id}`);
    }
  });

  it('simulates a call with the explanation', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const res = await env.owner.client.post('/api/v1/policies/simulate', {
      call: {
        agentId: agent.agentId,
        serverId: env.serverId,
        tool: 'echo',
        payload: { text: 'card 4111 1111 1111 1111' },
      },
      draft: {
        name: 'no cards',
        kind: 'guardrail',
        config: { direction: 'request', detectors: [{ type: 'card', action: 'block' }] },
      },
      draftOnly: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.outcome).toBe('deny');
    expect(res.body.status).toBe('guardrail');
    const entry = res.body.explanation.find((e: { name: string }) => e.name === 'no cards');
    expect(entry.findings[0]).toMatchObject({ detector: 'card', path: '$.text' });
    expect(JSON.stringify(res.body)).not.toContain('4111 1111 1111 1111');
  });
});

describe('enforcement at the gateway', () => {
  it('trips a rate limit at the right count across two gateway instances sharing Redis, then recovers', async () => {
    // A window long enough that no token refills while four calls cross a busy machine (one
    // per 6.7 s); recovery is then awaited, not timed.
    const policy = await createPolicy({
      name: 'three per 20s',
      kind: 'rate_limit',
      target: { serverId: env.serverId },
      config: { limit: 3, windowSec: 20, burst: 3, per: 'agent' },
    });
    // A second node of the same deployment: same database, Redis and public URL.
    const second = await startTestApp({
      RUN_WORKER: 'false',
      DATABASE_URL: app.databaseUrl,
      REDIS_PREFIX: app.config.REDIS_PREFIX,
      PUBLIC_URL: app.config.PUBLIC_URL,
    });
    try {
      const s = await session(app.baseUrl);
      const other = env.gatewayUrl.replace(app.baseUrl, second.baseUrl);
      const statuses = [
        (await s.call('echo', { text: '1' })).status,
        (await s.call('echo', { text: '2' }, other)).status,
        (await s.call('echo', { text: '3' })).status,
      ];
      expect(statuses).toEqual([200, 200, 200]);
      const tripped = await s.call('echo', { text: '4' }, other);
      expect(tripped.status).toBe(429);
      expect(Number(tripped.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(tripped.headers.get('ratelimit')).toBeTruthy();
      expect(tripped.body.error.message).toMatch(/three per 20s/);
      await waitUntil(
        'the limit to let a call through again',
        async () => (await s.call('echo', { text: '5' })).status === 200,
        60_000,
      );
    } finally {
      await second.close();
      await env.owner.client.delete(`/api/v1/policies/${policy.id}`);
    }
  });

  it('refuses an IP outside the allow list with 403', async () => {
    const s = await session(app.baseUrl);
    const policy = await createPolicy({
      name: 'office only',
      kind: 'ip',
      config: { allow: ['10.1.0.0/16'] },
    });
    try {
      const res = await s.call('echo', { text: 'x' });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/office only/);
      // The policy's own event, linked to the call's by the request id.
      const decision = await decisionOf(s.agent.agentId, policy.id);
      expect(decision).toMatchObject({
        outcome: 'denied',
        details: { effect: 'deny', mode: 'enforce', kind: 'ip', method: 'tools/call', tool: 'echo' },
      });
      const call = (
        await env.owner.client.get(`/api/v1/audit/events?action=gateway.call&agent=${s.agent.agentId}`)
      ).body.items[0];
      expect(call.requestId).toBe(decision.requestId);
      const request = (
        await env.owner.client.get(`/api/v1/audit/events?request=${encodeURIComponent(call.requestId)}`)
      ).body.items;
      expect(request.map((e: { action: string }) => e.action)).toEqual(['policy.decision', 'gateway.call']);
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.id}`);
    }
    expect((await s.call('echo', { text: 'x' })).status).toBe(200);
  });

  it('redacts a card number in a tool result, keeping the JSON valid, and records no raw value', async () => {
    const s = await session(app.baseUrl);
    const policy = await createPolicy({
      name: 'mask cards',
      kind: 'guardrail',
      config: { direction: 'response', detectors: [{ type: 'card', action: 'redact' }] },
    });
    try {
      const res = await s.call('get_customer', { id: 'c-1' });
      expect(res.status).toBe(200);
      const text = JSON.stringify(res.body.result);
      expect(text).not.toMatch(/4111[ -]?1111[ -]?1111[ -]?1111/);
      expect(text).toMatch(/REDACTED/);
      const event = await waitUntil('audit event', async () => {
        const r = await env.owner.client.get('/api/v1/audit/events?action=gateway.call&tool=get_customer');
        return r.body.items.find((e: { details: { responsePolicy?: unknown } }) => e.details.responsePolicy);
      });
      expect(JSON.stringify(event)).not.toContain('4111');
      expect(event.details.responsePolicy.entries[0]).toMatchObject({
        name: 'mask cards',
        outcome: 'redact',
      });
      const decision = await decisionOf(s.agent.agentId, policy.id);
      expect(decision).toMatchObject({
        outcome: 'success',
        details: { effect: 'redact', direction: 'response', tool: 'get_customer' },
      });
      expect(JSON.stringify(decision)).not.toContain('4111');
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.id}`);
    }
  });

  it('blocks a request carrying a secret with a JSON-RPC error naming the guardrail', async () => {
    const s = await session(app.baseUrl);
    const policy = await createPolicy({
      name: 'no secrets up',
      kind: 'guardrail',
      config: { direction: 'request', detectors: [{ type: 'secret', action: 'block' }] },
    });
    try {
      const res = await s.call('echo', {
        text: 'key AKIAIOSFODNN7EXAMPLE and aws secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      });
      expect(res.status).toBe(200);
      expect(res.body.error.message).toMatch(/guardrail no secrets up/);
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.id}`);
    }
  });

  it('a monitor-mode policy records its decision but lets the call through', async () => {
    const s = await session(app.baseUrl);
    const policy = await createPolicy({
      name: 'watch only',
      kind: 'ip',
      mode: 'monitor',
      config: { deny: ['0.0.0.0/0', '::/0'] },
    });
    try {
      const res = await s.call('echo', { text: 'monitored' });
      expect(res.status).toBe(200);
      const event = await waitUntil('audit event', async () => {
        const r = await env.owner.client.get(
          `/api/v1/audit/events?action=gateway.call&agent=${s.agent.agentId}`,
        );
        return r.body.items.find((e: { details: { policy?: { entries: { name: string }[] } } }) =>
          e.details.policy?.entries.some((x) => x.name === 'watch only'),
        );
      });
      expect(event.outcome).toBe('success');
      expect(
        event.details.policy.entries.find((x: { name: string }) => x.name === 'watch only'),
      ).toMatchObject({ mode: 'monitor', outcome: 'deny' });
      expect(await decisionOf(s.agent.agentId, policy.id)).toMatchObject({
        outcome: 'success',
        details: { effect: 'deny', mode: 'monitor' },
      });
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.id}`);
    }
  });

  it('refuses token issuance outside a time window with an OAuth error', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const now = new Date();
    const hour = (now.getUTCHours() + 12) % 24;
    const policy = await createPolicy({
      name: 'night shift',
      kind: 'time_window',
      target: { agentId: agent.agentId },
      config: {
        timeZone: 'UTC',
        days: [0, 1, 2, 3, 4, 5, 6],
        start: `${String(hour).padStart(2, '0')}:00`,
        end: `${String((hour + 1) % 24).padStart(2, '0')}:00`,
      },
    });
    try {
      const res = await postForm(
        `${env.issuer}/token`,
        { grant_type: 'client_credentials', resource: env.gatewayUrl },
        { authorization: basic(agent.clientId, agent.clientSecret) },
      );
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('access_denied');
      expect(res.body.access_token).toBeUndefined();
    } finally {
      await env.owner.client.delete(`/api/v1/policies/${policy.id}`);
    }
  });
});

describe('Redis unreachable', () => {
  let redis: RedisServer;
  let solo: TestApp;
  let soloEnv: Awaited<ReturnType<typeof setupTenantWithServer>>;

  beforeAll(async () => {
    redis = await startRedis();
    solo = await startTestApp({ RUN_WORKER: 'true', REDIS_URL: redis.url });
    soloEnv = await setupTenantWithServer(solo.baseUrl);
  });
  afterAll(async () => {
    await soloEnv?.upstream.close();
    await solo?.close();
    await redis?.stop();
  });

  it('fails closed for a strict limit and open otherwise, and records the choice', async () => {
    const owner = soloEnv.owner.client;
    const agent = await agentWithSecret(owner, soloEnv.serverId);
    const token = (
      await postForm(
        `${soloEnv.issuer}/token`,
        { grant_type: 'client_credentials', resource: soloEnv.gatewayUrl },
        { authorization: basic(agent.clientId, agent.clientSecret) },
      )
    ).body.access_token as string;
    const init = await fetch(soloEnv.gatewayUrl, {
      method: 'POST',
      headers: headers(token),
      body: rpc(0, 'initialize', initParams),
    });
    const sid = init.headers.get('mcp-session-id')!;
    await init.text();
    const call = async (id: number) =>
      (
        await fetch(soloEnv.gatewayUrl, {
          method: 'POST',
          headers: headers(token, { 'mcp-session-id': sid }),
          body: rpc(id, 'tools/call', { name: 'echo', arguments: { text: 'r' } }),
        })
      ).status;
    const lax = await owner.post('/api/v1/policies', {
      name: 'lax',
      kind: 'rate_limit',
      config: { limit: 100, windowSec: 60, burst: 100, per: 'agent' },
    });
    expect(await call(1)).toBe(200);
    await redis.stop();
    expect(await call(2)).toBe(200); // not strict: fails open
    await redis.start();
    await waitUntil('redis back', async () => (await solo.redis.ping().catch(() => '')) === 'PONG');
    await owner.delete(`/api/v1/policies/${lax.body.id}`);
    await owner.post('/api/v1/policies', {
      name: 'strict',
      kind: 'rate_limit',
      config: { limit: 100, windowSec: 60, burst: 100, per: 'agent', strict: true },
    });
    expect(await call(3)).toBe(200);
    await redis.stop();
    expect(await call(4)).toBe(503); // strict: fails closed
    await redis.start();
  });
});
