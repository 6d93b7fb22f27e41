import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../ratelimit/memory-store';
import type { RateLimitStore } from '../ratelimit/store';
import { compilePolicies } from './compile';
import { evaluate } from './evaluate';
import { call, ipPolicy, policy } from './test-fixtures';

function clockedStore(start: number) {
  let t = start;
  const store = new MemoryRateLimitStore({ now: () => t });
  return { store, advance: (ms: number) => (t += ms), at: (ms: number) => (t = ms) };
}

const T0 = Date.parse('2025-01-06T10:00:00Z');

describe('rate limits', () => {
  it('trips at the limit with 429, Retry-After and RateLimit headers, and recovers', async () => {
    const { store, advance } = clockedStore(T0);
    const set = compilePolicies([
      policy('rate_limit', { limit: 2, windowSec: 60, burst: 2, per: 'agent' }, { id: 'rl' }),
    ]);
    const first = await evaluate(set, call(), { store });
    expect(first.outcome).toBe('allow');
    expect(first.headers).toEqual({ 'RateLimit-Policy': '"rl";q=2;w=60', RateLimit: '"rl";r=1;t=30' });
    expect((await evaluate(set, call(), { store })).outcome).toBe('allow');
    const third = await evaluate(set, call(), { store });
    expect(third).toMatchObject({ outcome: 'deny', status: 429, retryAfterSec: 30, deniedBy: ['rl'] });
    expect(third.headers).toEqual({
      'RateLimit-Policy': '"rl";q=2;w=60',
      RateLimit: '"rl";r=0;t=60',
      'Retry-After': '30',
    });
    expect(third.explanation[0]!.limit).toMatchObject({
      limit: 2,
      windowSec: 60,
      remaining: 0,
      retryAfterSec: 30,
    });
    advance(30_000);
    expect((await evaluate(set, call(), { store })).outcome).toBe('allow');
  });

  it('counts per agent, per agent and server, per agent and tool, and per tenant', async () => {
    const { store } = clockedStore(T0);
    const mk = (per: string) =>
      compilePolicies([policy('rate_limit', { limit: 1, windowSec: 60, burst: 1, per })]);
    const perAgent = mk('agent');
    await evaluate(perAgent, call(), { store });
    expect((await evaluate(perAgent, call({ serverId: 'srv-2' }), { store })).outcome).toBe('deny');
    expect((await evaluate(perAgent, call({ agentId: 'agent-2' }), { store })).outcome).toBe('allow');

    const perServer = mk('agent_server');
    await evaluate(perServer, call(), { store });
    expect((await evaluate(perServer, call({ serverId: 'srv-2' }), { store })).outcome).toBe('allow');
    expect((await evaluate(perServer, call({ tool: 'other' }), { store })).outcome).toBe('deny');

    const perTool = mk('agent_tool');
    await evaluate(perTool, call(), { store });
    expect((await evaluate(perTool, call({ tool: 'other' }), { store })).outcome).toBe('allow');
    expect((await evaluate(perTool, call(), { store })).outcome).toBe('deny');
    const noTool = await evaluate(perTool, call({ tool: undefined, method: 'tools/list' }), { store });
    expect(noTool.explanation[0]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('has no tool'),
    });

    const perTenant = mk('tenant');
    await evaluate(perTenant, call(), { store });
    expect(
      (await evaluate(perTenant, call({ agentId: 'agent-9', serverId: 'srv-9' }), { store })).outcome,
    ).toBe('deny');
    expect((await evaluate(perTenant, call({ tenantId: 't2' }), { store })).outcome).toBe('allow');
  });

  it('counts per client application: the MCP host shared by the people using it', async () => {
    const { store } = clockedStore(T0);
    const perClient = compilePolicies([
      policy('rate_limit', { limit: 1, windowSec: 60, burst: 1, per: 'client' }),
    ]);
    await evaluate(perClient, call({ agentId: 'user:ann', clientId: 'mcpc_vscode' }), { store });
    // Another person through the same client shares its counter; the same person through another does not.
    expect(
      (await evaluate(perClient, call({ agentId: 'user:bob', clientId: 'mcpc_vscode' }), { store })).outcome,
    ).toBe('deny');
    expect(
      (
        await evaluate(
          perClient,
          call({ agentId: 'user:ann', clientId: 'https://app.example/client.json' }),
          { store },
        )
      ).outcome,
    ).toBe('allow');
    const noClient = await evaluate(perClient, call(), { store });
    expect(noClient.explanation[0]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('per client'),
    });
  });

  it('applies a tenant-wide cap and a per-agent limit together, and a refusal consumes neither', async () => {
    const { store } = clockedStore(T0);
    const perAgent = policy(
      'rate_limit',
      { limit: 1, windowSec: 60, burst: 1, per: 'agent' },
      { target: { agentId: 'agent-1' } },
    );
    const cap = policy('rate_limit', { limit: 3, windowSec: 60, burst: 3, per: 'tenant' });
    const set = compilePolicies([perAgent, cap]);
    expect((await evaluate(set, call(), { store })).outcome).toBe('allow');
    const refused = await evaluate(set, call(), { store });
    expect(refused.deniedBy).toEqual([perAgent.id]);
    expect(refused.explanation[1]).toMatchObject({
      outcome: 'skipped',
      reason: 'not counted: the call was refused by another limit',
    });
    // agent-1's refused calls did not use up the tenant cap: two more agents still fit.
    expect((await evaluate(set, call({ agentId: 'agent-2' }), { store })).outcome).toBe('allow');
    expect((await evaluate(set, call({ agentId: 'agent-3' }), { store })).outcome).toBe('allow');
    expect((await evaluate(set, call({ agentId: 'agent-4' }), { store })).deniedBy).toEqual([cap.id]);
  });

  it('advertises the limit closest to running out, or the ones that refused', async () => {
    const { store } = clockedStore(T0);
    const roomy = policy(
      'rate_limit',
      { limit: 100, windowSec: 60, burst: 100, per: 'tenant' },
      { id: 'roomy' },
    );
    const tight = policy('rate_limit', { limit: 2, windowSec: 10, burst: 2, per: 'agent' }, { id: 'tight' });
    const set = compilePolicies([roomy, tight]);
    const first = await evaluate(set, call(), { store });
    expect(first.headers).toEqual({ 'RateLimit-Policy': '"tight";q=2;w=10', RateLimit: '"tight";r=1;t=5' });
    await evaluate(set, call(), { store });
    const refused = await evaluate(set, call(), { store });
    expect(refused.headers).toEqual({
      'RateLimit-Policy': '"tight";q=2;w=10',
      RateLimit: '"tight";r=0;t=10',
      'Retry-After': '5',
    });
  });

  it('does not count calls that another policy refused', async () => {
    const { store } = clockedStore(T0);
    const set = compilePolicies([
      ipPolicy({ deny: ['0.0.0.0/0'] }),
      policy('rate_limit', { limit: 1, windowSec: 60, burst: 1, per: 'agent' }),
    ]);
    const d = await evaluate(set, call(), { store });
    expect(d.status).toBe(403);
    expect(d.explanation[1]).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/^not counted: refused by policy/),
    });
    expect(store.size).toBe(0);
  });

  it('counts monitor-mode limits without ever refusing', async () => {
    const { store } = clockedStore(T0);
    const set = compilePolicies([
      policy('rate_limit', { limit: 1, windowSec: 60, burst: 1, per: 'agent' }, { mode: 'monitor' }),
    ]);
    await evaluate(set, call(), { store });
    const d = await evaluate(set, call(), { store });
    expect(d.outcome).toBe('allow');
    expect(d.explanation[0]).toMatchObject({ mode: 'monitor', outcome: 'deny' });
    expect(d.headers).toEqual({});
  });

  it('records limits as not counted without a store', async () => {
    const d = await evaluate(
      [policy('rate_limit', { limit: 1, windowSec: 60, burst: 1, per: 'agent' })],
      call(),
    );
    expect(d.outcome).toBe('allow');
    expect(d.explanation[0]).toMatchObject({
      outcome: 'skipped',
      reason: 'not counted: no rate-limit store',
    });
  });
});

describe('store failures', () => {
  const failing: RateLimitStore = {
    hit: async () => {
      throw new Error('connect ECONNREFUSED');
    },
  };

  it('fails closed for strict limits (503) and records it', async () => {
    const d = await evaluate(
      [policy('rate_limit', { limit: 5, windowSec: 1, burst: 5, per: 'agent', strict: true })],
      call(),
      { store: failing },
    );
    expect(d).toMatchObject({ outcome: 'deny', status: 503 });
    expect(d.explanation[0]).toMatchObject({
      outcome: 'deny',
      storeFailure: { failMode: 'closed', error: 'connect ECONNREFUSED' },
      reason: 'rate-limit store unavailable (connect ECONNREFUSED); failing closed',
    });
  });

  it('fails open by default and honours an explicit failMode', async () => {
    const open = await evaluate(
      [policy('rate_limit', { limit: 5, windowSec: 1, burst: 5, per: 'agent' })],
      call(),
      { store: failing },
    );
    expect(open.outcome).toBe('allow');
    expect(open.explanation[0]!.storeFailure).toEqual({ failMode: 'open', error: 'connect ECONNREFUSED' });
    const strictButOpen = policy(
      'rate_limit',
      { limit: 5, windowSec: 1, burst: 5, per: 'agent', strict: true },
      { failMode: 'open' },
    );
    expect((await evaluate([strictButOpen], call(), { store: failing })).outcome).toBe('allow');
    const closedQuota = policy('quota', { limit: 5, period: 'day', per: 'agent' }, { failMode: 'closed' });
    expect((await evaluate([closedQuota], call(), { store: failing })).status).toBe(503);
  });

  it('treats a store that never answers as failed when a timeout is set', async () => {
    const hanging: RateLimitStore = { hit: () => new Promise(() => {}) };
    const p = policy('rate_limit', { limit: 5, windowSec: 1, burst: 5, per: 'agent', strict: true });
    const d = await evaluate([p], call(), { store: hanging, storeTimeoutMs: 1 });
    expect(d.status).toBe(503);
    expect(d.explanation[0]!.storeFailure!.error).toBe('no answer within 1 ms');
  });

  it('falls back to one hit per limit for stores without hitAll', async () => {
    const keys: string[] = [];
    const simple: RateLimitStore = {
      hit: async (key) => (keys.push(key), { allowed: true, remaining: 3, resetSec: 1, retryAfterSec: 0 }),
    };
    const a = policy('rate_limit', { limit: 5, windowSec: 1, burst: 5, per: 'agent' }, { id: 'a' });
    const b = policy('rate_limit', { limit: 5, windowSec: 1, burst: 5, per: 'tenant' }, { id: 'b' });
    expect((await evaluate([a, b], call(), { store: simple })).outcome).toBe('allow');
    expect(keys).toEqual(['{t1}:a:a:agent-1:r', '{t1}:b:t:r']);
  });
});

describe('quotas', () => {
  it("count per calendar day in the tenant's zone and reset at local midnight", async () => {
    const { store, at } = clockedStore(0);
    const set = compilePolicies([policy('quota', { limit: 2, period: 'day', per: 'agent' }, { id: 'q' })]);
    const evening = Date.parse('2025-03-29T21:00:00Z'); // 22:00 in Berlin (CET)
    at(evening);
    const ctx = call({ now: evening });
    expect((await evaluate(set, ctx, { store })).outcome).toBe('allow');
    expect((await evaluate(set, ctx, { store })).outcome).toBe('allow');
    const refused = await evaluate(set, ctx, { store });
    expect(refused).toMatchObject({ outcome: 'deny', status: 429, retryAfterSec: 2 * 3600 });
    expect(refused.headers['RateLimit-Policy']).toBe('"q";q=2;w=86400');
    // Local midnight in Berlin is 23:00 UTC; the next day (the DST day) is 23 hours long.
    const afterMidnight = Date.parse('2025-03-29T23:00:00Z');
    at(afterMidnight);
    const next = await evaluate(set, call({ now: afterMidnight }), { store });
    expect(next.outcome).toBe('allow');
    expect(next.headers['RateLimit-Policy']).toBe('"q";q=2;w=82800');
    expect(next.explanation[0]!.limit).toMatchObject({ remaining: 1, resetSec: 23 * 3600 });
  });

  it("count in UTC when the tenant's zone is unknown rather than failing the call", async () => {
    const { store } = clockedStore(T0);
    const d = await evaluate(
      [policy('quota', { limit: 5, period: 'day', per: 'agent' })],
      call({ timeZone: 'Nowhere/Zone' }),
      { store },
    );
    expect(d.outcome).toBe('allow');
    expect(d.explanation[0]!.limit).toMatchObject({ remaining: 4, resetSec: 14 * 3600 });
  });

  it('count per calendar month', async () => {
    const { store, at } = clockedStore(0);
    const set = compilePolicies([policy('quota', { limit: 1, period: 'month', per: 'tenant' })]);
    const jan31 = Date.parse('2025-01-31T12:00:00Z');
    at(jan31);
    expect((await evaluate(set, call({ now: jan31, timeZone: 'UTC' }), { store })).outcome).toBe('allow');
    expect((await evaluate(set, call({ now: jan31, timeZone: 'UTC' }), { store })).retryAfterSec).toBe(
      12 * 3600,
    );
    const feb1 = Date.parse('2025-02-01T00:00:00Z');
    at(feb1);
    expect((await evaluate(set, call({ now: feb1, timeZone: 'UTC' }), { store })).outcome).toBe('allow');
  });
});
