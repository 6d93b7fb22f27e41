// Many nodes, one truth: two API nodes and two workers of the built application, as separate
// processes on one PostgreSQL database and one Redis (this file's own, so it can be cut off and
// stopped without touching other suites).
//
// Convergence is asserted structurally, never against a wall-clock budget: each change is made
// through node A, A's /metrics names the sequence the change got, and the test waits (generous
// deadline) until B's /metrics shows B has learned that sequence; from then on B must enforce
// the change at once, with no further waiting. The time B took is measured and printed (the
// product guarantee of CACHE_MAX_STALENESS_MS = 1 s is proven with a controlled clock in
// src/infra/cache/generation-state.test.ts). While Redis is away, nodes learn nothing from it:
// there the test polls B until it refuses, and prints how long that took.
import { decodeProtectedHeader } from 'jose';
import { Redis } from 'ioredis';
import { Queue } from 'bullmq';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startRedis, type RedisServer } from '@portcullis/testkit';
import { cloneTemplate, signUpOwner, uniqueSlug } from './harness';
import { agentWithSecret, basic, postForm, setupTenantWithServer, waitUntil } from './fixtures';
import { clusterEnv, metricsOf, sequenceOf, startApiNode, startWorker, type NodeProcess } from './cluster';

let redis: RedisServer;
let redisClient: Redis;
let a: NodeProcess;
let b: NodeProcess;
const workers: NodeProcess[] = [];
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;
let shared: Record<string, string>;
let databaseUrl: string;
const figures: string[] = [];

beforeAll(async () => {
  redis = await startRedis();
  redisClient = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  redisClient.on('error', () => undefined);
  databaseUrl = await cloneTemplate();
  // Node A's address is the deployment's public URL (issuer, token audience); B serves the same.
  const portA = await freePort();
  shared = {
    ...clusterEnv({ databaseUrl, redisUrl: redis.url, publicUrl: `http://127.0.0.1:${portA}` }),
    KEY_PREPUBLISH_SEC: '0',
    AUDIT_CHECKPOINT_INTERVAL_SEC: '5',
  };
  [a, b] = await Promise.all([startApiNode('node A', shared, portA), startApiNode('node B', shared)]);
  workers.push(...(await Promise.all([startWorker('worker 1', shared), startWorker('worker 2', shared)])));
  env = await setupTenantWithServer(a.url!);
}, 300_000);

afterAll(async () => {
  if (figures.length) console.info(`cluster convergence figures:\n  ${figures.join('\n  ')}`);
  await env?.upstream.close();
  await Promise.all([a, b, ...workers].filter(Boolean).map((n) => n.stop()));
  redisClient?.disconnect();
  await redis?.stop();
});

// --- helpers -----------------------------------------------------------------------------------

const gatewayOf = (node: NodeProcess) => env.gatewayUrl.replace(shared.PUBLIC_URL!, node.url!);
const tokenUrl = (node: NodeProcess) => `${node.url}/t/${env.tenant.slug}/token`;
type Agent = Awaited<ReturnType<typeof agentWithSecret>>;

function issue(node: NodeProcess, agent: Agent) {
  return postForm(
    tokenUrl(node),
    { grant_type: 'client_credentials', resource: env.gatewayUrl },
    { authorization: basic(agent.clientId, agent.clientSecret) },
  );
}

async function tokenFrom(node: NodeProcess, agent: Agent): Promise<string> {
  const res = await issue(node, agent);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access_token as string;
}

let rpcId = 0;
async function mcp(
  node: NodeProcess,
  token: string,
  method: string,
  params: unknown = {},
  sessionId?: string,
) {
  const res = await fetch(gatewayOf(node), {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${token}`,
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
  });
  const text = await res.text();
  const data = text.startsWith('{')
    ? text
    : text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .at(-1);
  return {
    status: res.status,
    sessionId: res.headers.get('mcp-session-id'),
    body: data ? JSON.parse(data) : undefined,
  };
}

const initialize = (node: NodeProcess, token: string) =>
  mcp(node, token, 'initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'cluster-test', version: '1' },
  });

/** A session opened through `node`: its id and a tools/call through any node. */
async function openSession(node: NodeProcess, token: string) {
  const init = await initialize(node, token);
  expect(init.status).toBe(200);
  const sessionId = init.sessionId!;
  return {
    sessionId,
    echo: (through: NodeProcess, text = 'hi') =>
      mcp(through, token, 'tools/call', { name: 'echo', arguments: { text } }, sessionId),
  };
}

/**
 * Runs `change` through A, then waits until B has learned the change's sequence (read from A
 * right after), and records how long that took. Returns the sequence.
 */
async function changeAndConverge(label: string, change: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await change();
  const seq = await sequenceOf(a);
  await waitUntil(`${b.name} to learn sequence ${seq}`, async () => (await sequenceOf(b)) >= seq, 20_000);
  figures.push(
    `${label}: B learned the change ${(performance.now() - started).toFixed(0)} ms after it was requested on A`,
  );
  return seq;
}

/** How long `check` took to hold, polled; recorded for the report. */
async function measureUntil(label: string, since: number, check: () => Promise<boolean>) {
  await waitUntil(label, async () => (await check()) || undefined, 20_000);
  figures.push(`${label}: ${(performance.now() - since).toFixed(0)} ms`);
}

// --- the tests ---------------------------------------------------------------------------------

describe('two API nodes, two workers', () => {
  it('refuses at B a token revoked through A, with pub/sub and after Redis dropped the pub/sub connections', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    for (const dropPubSub of [false, true]) {
      const token = await tokenFrom(a, agent);
      // B has verified and cached the token before the revocation.
      expect((await initialize(b, token)).status).toBe(200);
      expect((await initialize(b, token)).status).toBe(200);
      await changeAndConverge(
        `token revoked${dropPubSub ? ' after CLIENT KILL TYPE pubsub' : ''}`,
        async () => {
          if (dropPubSub)
            expect(Number(await redisClient.client('KILL', 'TYPE', 'pubsub'))).toBeGreaterThanOrEqual(4);
          const revoked = await postForm(
            `${a.url}/t/${env.tenant.slug}/revoke`,
            { token },
            { authorization: basic(agent.clientId, agent.clientSecret) },
          );
          expect(revoked.status).toBe(200);
        },
      );
      expect((await initialize(b, token)).status).toBe(401);
      expect((await initialize(a, token)).status).toBe(401);
    }
  });

  it('serves at B a tenant signed up on A, though B had looked its slug up before and found nothing', async () => {
    const slug = uniqueSlug('late');
    const metadataAt = (node: NodeProcess) =>
      fetch(`${node.url}/t/${slug}/.well-known/oauth-authorization-server`);
    expect((await metadataAt(b)).status).toBe(404);
    const before = await sequenceOf(a);
    // The sign-up announces the new tenant (a generation bump), which makes B's "no such slug" stale.
    expect(await changeAndConverge('tenant signed up', () => signUpOwner(a.url!, { slug }))).toBeGreaterThan(
      before,
    );
    expect((await metadataAt(b)).status).toBe(200);
  });

  it('refuses at B a client secret revoked through A, with pub/sub and after Redis dropped the pub/sub connections', async () => {
    for (const dropPubSub of [false, true]) {
      const agent = await agentWithSecret(env.owner.client, env.serverId);
      expect((await issue(b, agent)).status).toBe(200);
      await changeAndConverge(
        `secret revoked${dropPubSub ? ' after CLIENT KILL TYPE pubsub' : ''}`,
        async () => {
          if (dropPubSub) await redisClient.client('KILL', 'TYPE', 'pubsub');
          expect(
            (await env.owner.client.delete(`/api/v1/agents/${agent.agentId}/secrets/${agent.secretId}`))
              .status,
          ).toBe(200);
        },
      );
      const refused = await issue(b, agent);
      expect(refused.status).toBe(401);
      expect(refused.body.error).toBe('invalid_client');
    }
  });

  it('refuses at B, in the same call, a token of an agent disabled through A', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const token = await tokenFrom(b, agent);
    expect((await initialize(b, token)).status).toBe(200);
    await changeAndConverge('agent disabled', () =>
      env.owner.client.patch(`/api/v1/agents/${agent.agentId}`, { status: 'disabled' }),
    );
    expect((await initialize(b, token)).status).toBe(401);
  });

  it('enforces at B a policy created on A', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const token = await tokenFrom(a, agent);
    const session = await openSession(b, token);
    expect((await session.echo(b)).status).toBe(200);
    let policyId = '';
    await changeAndConverge('IP policy created', async () => {
      const res = await env.owner.client.post('/api/v1/policies', {
        name: 'office only',
        kind: 'ip',
        config: { allow: ['10.1.0.0/16'] },
      });
      expect(res.status).toBe(201);
      policyId = res.body.id;
    });
    const refused = await session.echo(b);
    expect(refused.status).toBe(403);
    expect(JSON.stringify(refused.body)).toContain('office only');
    await changeAndConverge('IP policy deleted', () =>
      env.owner.client.delete(`/api/v1/policies/${policyId}`),
    );
    expect((await session.echo(b)).status).toBe(200);
  });

  it('signs at B with a key rotated in on A, and each node trusts the tokens of the other', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const before = await tokenFrom(b, agent);
    const oldKid = decodeProtectedHeader(before).kid;
    // Forced rotation with no pre-publication: the first publishes the next key, the second promotes it.
    await changeAndConverge('next signing key published', () =>
      env.owner.client.post('/api/v1/signing-keys/rotate', {}),
    );
    await changeAndConverge('signing key promoted', () =>
      env.owner.client.post('/api/v1/signing-keys/rotate', {}),
    );
    const active = (await env.owner.client.get('/api/v1/signing-keys')).body.items.find(
      (k: { state: string }) => k.state === 'active',
    );
    expect(active.kid).not.toBe(oldKid);
    const fromB = await tokenFrom(b, agent);
    const fromA = await tokenFrom(a, agent);
    expect(decodeProtectedHeader(fromB).kid).toBe(active.kid);
    expect(decodeProtectedHeader(fromA).kid).toBe(active.kid);
    expect((await initialize(a, fromB)).status).toBe(200);
    expect((await initialize(b, fromA)).status).toBe(200);
    // A token signed with the retired key stays good until it expires.
    expect((await initialize(b, before)).status).toBe(200);
  });

  it('allows exactly N calls across both nodes under a rate limit of N per minute', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const token = await tokenFrom(a, agent);
    const session = await openSession(a, token);
    let policyId = '';
    await changeAndConverge('rate limit created', async () => {
      const res = await env.owner.client.post('/api/v1/policies', {
        name: 'four a minute',
        kind: 'rate_limit',
        config: { limit: 4, windowSec: 60, burst: 4, per: 'agent' },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      policyId = res.body.id;
    });
    // Ten calls, alternating nodes, five at a time.
    const through = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b));
    const statuses: number[] = [];
    for (let i = 0; i < through.length; i += 5) {
      statuses.push(
        ...(await Promise.all(through.slice(i, i + 5).map((n, j) => session.echo(n, String(i + j))))).map(
          (r) => r.status,
        ),
      );
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(6);
    await env.owner.client.delete(`/api/v1/policies/${policyId}`);
  });

  it('continues through B an MCP session initialized through A, and through A again', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const token = await tokenFrom(a, agent);
    const session = await openSession(a, token);
    const viaB = await session.echo(b, 'from B');
    expect(viaB.status).toBe(200);
    expect(JSON.stringify(viaB.body.result)).toContain('from B');
    expect((await session.echo(a, 'from A')).status).toBe(200);
    // Bound to the agent that opened it, on every node.
    const other = await agentWithSecret(env.owner.client, env.serverId);
    expect((await mcp(b, await tokenFrom(b, other), 'tools/list', {}, session.sessionId)).status).toBe(404);
  });

  it('keeps the audit chain linear and gap-free with both workers appending under load', async () => {
    const audit = new Queue('audit', {
      connection: { url: redis.url },
      prefix: `${shared.REDIS_PREFIX}:bull`,
    });
    try {
      expect((await audit.getWorkers()).length).toBeGreaterThanOrEqual(2);
    } finally {
      await audit.close();
    }
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    // 120 token requests, 8 at a time, split over both nodes: each emits a token.issued event,
    // batched onto the queue and appended by whichever worker takes the job.
    const jtis: string[] = [];
    for (let round = 0; round < 15; round++) {
      const tokens = await Promise.all(Array.from({ length: 8 }, (_, i) => tokenFrom(i % 2 ? a : b, agent)));
      for (const t of tokens)
        jtis.push(JSON.parse(Buffer.from(t.split('.')[1]!, 'base64url').toString()).jti);
    }
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const issued = () =>
        db.query<{ jti: string }>(
          `SELECT details->>'jti' AS jti FROM "AuditEvent" WHERE "tenantId" = $1 AND action = 'token.issued' AND "actorId" = $2`,
          [env.tenant.id, agent.agentId],
        );
      await waitUntil(
        'every token.issued event appended',
        async () => (await issued()).rowCount! >= jtis.length,
        60_000,
      );
      const recorded = (await issued()).rows.map((r) => r.jti);
      expect(recorded.sort()).toEqual([...jtis].sort());
      const seqs = (
        await db.query<{ n: number }>(
          `SELECT seq::int AS n FROM "AuditEvent" WHERE "tenantId" = $1 ORDER BY "AuditEvent".seq`,
          [env.tenant.id],
        )
      ).rows.map((r) => r.n);
      expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    } finally {
      await db.end();
    }
    const verified = await env.owner.client.post('/api/v1/audit/verify', {});
    expect(verified.status).toBe(200);
    expect(verified.body.ok, JSON.stringify(verified.body)).toBe(true);
  });

  it('runs a scheduled job once per schedule across both workers', async () => {
    const audit = new Queue('audit', {
      connection: { url: redis.url },
      prefix: `${shared.REDIS_PREFIX}:bull`,
    });
    try {
      const schedulers = await audit.getJobSchedulers();
      expect(schedulers.filter((s) => s.key === 'audit-checkpoint')).toHaveLength(1);
      const done = () =>
        audit
          .getJobs(['completed', 'failed', 'active'])
          .then((jobs) => jobs.filter((j) => j.name === 'audit-checkpoint'));
      await waitUntil(
        'three checkpoint runs',
        async () => (await done()).filter((j) => j.finishedOn).length >= 3,
        60_000,
      );
      const runs = (await done()).filter((j) => j.finishedOn);
      // One job per tick: tick times distinct and a whole number of intervals apart; each ran
      // once (no failure, no second attempt, never stalled and re-run).
      const ticks = runs.map((j) => Number(String(j.id).split(':').at(-1))).sort((x, y) => x - y);
      expect(new Set(ticks).size).toBe(ticks.length);
      for (let i = 1; i < ticks.length; i++) expect((ticks[i]! - ticks[0]!) % 5000).toBe(0);
      for (const j of runs) {
        expect(j.failedReason).toBeUndefined();
        expect(j.attemptsMade).toBe(1);
        expect(j.stalledCounter ?? 0).toBe(0);
      }
    } finally {
      await audit.close();
    }
  });

  it('keeps serving while Redis is stopped, enforces a revocation made meanwhile, and converges once Redis returns', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const token = await tokenFrom(a, agent);
    const doomed = await tokenFrom(a, agent);
    const session = await openSession(a, token);
    const doomedSession = await openSession(a, doomed);
    for (const s of [session, doomedSession]) expect((await s.echo(b)).status).toBe(200);
    const flushesBefore = await Promise.all([a, b].map((n) => flushCount(n)));

    await redis.stop();
    try {
      // Served from the database: tenant, server, agent, grants, keys, policies, revocations.
      expect((await session.echo(a)).status).toBe(200);
      expect((await session.echo(b)).status).toBe(200);
      expect((await issue(b, agent)).status).toBe(200);
      const ready = await fetch(`${b.url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({
        status: 'degraded',
        checks: { database: 'ok', redis: 'unreachable' },
      });
      // Fails closed: a new MCP session needs the shared session store.
      expect((await initialize(b, token)).status).toBe(503);
      // A revocation through A is enforced at B though no node can tell another.
      const revoked = performance.now();
      expect(
        (
          await postForm(
            `${a.url}/t/${env.tenant.slug}/revoke`,
            { token: doomed },
            { authorization: basic(agent.clientId, agent.clientSecret) },
          )
        ).status,
      ).toBe(200);
      await measureUntil(
        'token revoked on A while Redis is down: refused at B after',
        revoked,
        async () => (await doomedSession.echo(b)).status === 401,
      );
      expect((await session.echo(b)).status).toBe(200);
    } finally {
      await redis.start();
    }

    // Redis came back empty (no persistence here): every node notices the new epoch and flushes.
    await waitUntil(
      'both nodes to flush on the new Redis',
      async () => {
        const now = await Promise.all([a, b].map((n) => flushCount(n)));
        return now.every((n, i) => n > flushesBefore[i]!);
      },
      20_000,
    );
    let policyId = '';
    await changeAndConverge('IP policy created after Redis returned', async () => {
      const res = await env.owner.client.post('/api/v1/policies', {
        name: 'after the outage',
        kind: 'ip',
        config: { allow: ['10.1.0.0/16'] },
      });
      expect(res.status).toBe(201);
      policyId = res.body.id;
    });
    // (B still holds the session it saw before; the new Redis has none.)
    expect((await session.echo(b)).status).toBe(403);
    await changeAndConverge('IP policy deleted after Redis returned', () =>
      env.owner.client.delete(`/api/v1/policies/${policyId}`),
    );
    expect((await session.echo(b)).status).toBe(200);
  });
});

/** Whole-cache flushes for a reason other than the start, from a node's /metrics. */
async function flushCount(node: NodeProcess): Promise<number> {
  const text = await metricsOf(node);
  let n = 0;
  for (const m of text.matchAll(/^cache_flushes_total\{reason="(epoch|outage)"\} (\d+)/gm)) n += Number(m[2]);
  return n;
}
