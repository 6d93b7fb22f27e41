// One tenant's long work must not hold up another tenant's calls, on either database: a tenant
// with a long chain runs a verification, a back-test, an export and retention, and meanwhile another
// tenant's token requests and gateway calls are answered (asserted: before the work ended; the
// latency is the benchmark's business). Run by long-jobs.test.ts (PostgreSQL) and
// long-jobs-embedded.test.ts (the embedded PGlite).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobView } from '@portcullis/sdk';
import type { Db } from '@portcullis/db';
import pg from 'pg';
import { appendEvents } from '../src/audit/audit.store';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';
import { JobCancelled, yieldToEventLoop } from '../src/jobs/job-control';
import { toInput } from '../src/audit/audit.service';
import { signUpOwner, startTestApp, type Client, type TestApp } from './harness';
import { agentWithSecret, basic, postForm, setupTenantWithServer, waitUntil } from './fixtures';

/** A chain of `count` recorded gateway calls, appended as the worker does (5,000 a transaction). */
export async function seedCalls(
  db: Db,
  tenantId: string,
  count: number,
  serverId = randomUUID(),
): Promise<void> {
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let done = 0; done < count;) {
    const n = Math.min(5000, count - done);
    const batch = Array.from({ length: n }, (_, i) => ({
      ...toInput({
        tenantId,
        actor: { type: 'agent', id: `agt_${(done + i) % 7}` },
        action: 'gateway.call',
        target: { type: 'server', id: serverId },
        outcome: 'success',
        ip: '10.1.2.3',
        details: { method: 'tools/call', tool: 'echo', arguments: { text: 'hi' } },
      }),
      time: new Date(start + (done + i) * 1000).toISOString(),
    }));
    done += (
      await db.$transaction((tx) => appendEvents(tx, tenantId, batch), { timeout: 120_000, maxWait: 60_000 })
    ).length;
  }
}

const job = async (client: Client, id: string) => (await client.get<JobView>(`/api/v1/jobs/${id}`)).body;
const untilRunning = (client: Client, id: string) =>
  waitUntil(
    'the job under way',
    async () => {
      const view = await job(client, id);
      return view.state === 'running' && view.progress.done > 0 ? view : undefined;
    },
    120_000,
  );
const untilEnded = (client: Client, id: string) =>
  waitUntil(
    'the job ended',
    async () => {
      const view = await job(client, id);
      return ['completed', 'failed', 'cancelled'].includes(view.state) ? view : undefined;
    },
    300_000,
  );

export function longJobsSuite(mode: 'postgres' | 'embedded', events: number): void {
  let app: TestApp;
  let big: Awaited<ReturnType<typeof signUpOwner>>;
  let other: Awaited<ReturnType<typeof setupTenantWithServer>>;
  let agent: Awaited<ReturnType<typeof agentWithSecret>>;

  beforeAll(async () => {
    app = await startTestApp(
      { RUN_WORKER: 'true', JOB_INLINE_MAX_EVENTS: '1000' },
      { embedded: mode === 'embedded' },
    );
    big = await signUpOwner(app.baseUrl);
    await seedCalls(app.db, big.tenantId, events);
    other = await setupTenantWithServer(app.baseUrl);
    agent = await agentWithSecret(other.owner.client, other.serverId);
  }, 900_000);
  afterAll(async () => {
    await other?.upstream.close();
    await app?.close();
  });

  /**
   * `sql` as the database's owner, the audit triggers off (as a restore would run): how a test
   * ages events. On PostgreSQL the owner's own connection; the embedded database has one role.
   */
  async function asOwner(sql: string, params: unknown[]): Promise<void> {
    if (mode === 'embedded') {
      await app.db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL session_replication_role = replica');
        await tx.$executeRawUnsafe(sql, ...params);
      });
      return;
    }
    const owner = new pg.Client({ connectionString: app.ownerDatabaseUrl });
    await owner.connect();
    try {
      await owner.query('SET session_replication_role = replica');
      await owner.query(sql, params);
    } finally {
      await owner.end();
    }
  }

  /** The other tenant: a token from its token endpoint, then an MCP session and a tools/call through the gateway with it. */
  async function otherTenantAnswers(): Promise<void> {
    const token = await postForm(
      `${other.issuer}/token`,
      { grant_type: 'client_credentials', resource: other.gatewayUrl },
      {
        authorization: basic(agent.clientId, agent.clientSecret),
      },
    );
    expect(token.status).toBe(200);
    const rpc = (sessionId: string | null, id: number, method: string, params: unknown) =>
      fetch(other.gatewayUrl, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token.body.access_token}`,
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
        },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
      });
    const init = await rpc(null, 0, 'initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'other', version: '1' },
    });
    expect(init.status).toBe(200);
    await init.text();
    const call = await rpc(init.headers.get('mcp-session-id'), 1, 'tools/call', {
      name: 'echo',
      arguments: { text: 'still here' },
    });
    expect(call.status).toBe(200);
    expect(await call.text()).toContain('still here');
  }

  // Each test waits for its job to end: minutes on a busy machine with a long chain.
  describe(`long jobs on ${mode}`, { timeout: 600_000 }, () => {
    it("verifies a long chain as a job while another tenant's token requests and gateway calls answer", async () => {
      const started = await big.client.post<JobView>('/api/v1/audit/verify');
      expect(started.status).toBe(202);
      expect(started.headers.get('location')).toBe(`/api/v1/jobs/${started.body.id}`);
      expect(started.body).toMatchObject({ kind: 'audit.verify', state: 'queued', progress: { done: 0 } });
      // The seeded calls and the tenant's own events (its sign-up, appended by the worker).
      const total = started.body.progress.total;
      expect(total).toBeGreaterThanOrEqual(events);

      const running = await untilRunning(big.client, started.body.id);
      await otherTenantAnswers();
      const meanwhile = await job(big.client, started.body.id);
      expect(meanwhile.state).toBe('running'); // the answers came before the verification ended
      expect(meanwhile.progress.done).toBeGreaterThanOrEqual(running.progress.done);

      const ended = await untilEnded(big.client, started.body.id);
      expect(ended).toMatchObject({
        state: 'completed',
        progress: { done: total, total },
        result: { ok: true, verifiedCount: total },
      });
      // The result is kept: read again, it is the same verdict.
      expect((await job(big.client, started.body.id)).result).toEqual(ended.result);
    });

    it('stops a running verification when cancelled', async () => {
      const started = await big.client.post<JobView>('/api/v1/audit/verify');
      await untilRunning(big.client, started.body.id);
      const cancelled = await big.client.delete<JobView>(`/api/v1/jobs/${started.body.id}`);
      expect(cancelled.status).toBe(200);
      const ended = await untilEnded(big.client, started.body.id);
      expect(ended.state).toBe('cancelled');
      expect(ended.progress.done).toBeLessThan(ended.progress.total);
      expect(ended.result).toBeUndefined();
    });

    it("back-tests a draft over the long record as a job while the other tenant's calls answer", async () => {
      const started = await big.client.post<JobView>('/api/v1/policies/backtest', {
        draft: {
          name: 'two a minute',
          kind: 'rate_limit',
          config: { limit: 2, windowSec: 60, burst: 2, per: 'agent' },
        },
        from: '2025-12-31T00:00:00.000Z',
        to: '2026-12-31T00:00:00.000Z',
        maxEvents: 30_000,
      });
      expect(started.status).toBe(202);
      await untilRunning(big.client, started.body.id);
      await otherTenantAnswers();
      expect((await job(big.client, started.body.id)).state).toBe('running');
      const ended = await untilEnded(big.client, started.body.id);
      const evaluated = Math.min(events, 30_000);
      expect(ended).toMatchObject({ state: 'completed', progress: { done: evaluated, total: evaluated } });
      expect((ended.result as { evaluated: number; wouldDeny: number }).evaluated).toBe(evaluated);
      expect((ended.result as { wouldDeny: number }).wouldDeny).toBeGreaterThan(0);
    });

    it('refuses a bad back-test draft at once, and starts no job', async () => {
      const res = await big.client.post('/api/v1/policies/backtest', {
        draft: { name: 'x', kind: 'rate_limit', config: { limit: 0 } },
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-01T00:00:00.000Z',
        maxEvents: 100_000,
      });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
    });

    it("streams an export while the other tenant's calls answer, and stops when the client leaves", async () => {
      const left = new AbortController();
      const res = await fetch(`${app.baseUrl}/api/v1/audit/export?format=ndjson`, {
        headers: { cookie: big.client.cookieHeader },
        signal: left.signal,
      });
      expect(res.status).toBe(200);
      expect(Number(res.headers.get('x-audit-events'))).toBeGreaterThanOrEqual(events); // what the export will hold: the console's progress
      const reader = res.body!.getReader();
      try {
        expect((await reader.read()).done).toBe(false); // under way
        await otherTenantAnswers();
      } finally {
        left.abort();
      }
      await expect(reader.read()).rejects.toThrow();
      // The API is still whole: the chain (the export's own event included) verifies inline for a small tenant.
      expect((await other.owner.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    });

    it("keeps a tenant's jobs to itself: another tenant, an unknown id and a malformed one all get 404", async () => {
      const started = await big.client.post<JobView>('/api/v1/audit/verify');
      for (const [client, id] of [
        [other.owner.client, started.body.id],
        [big.client, randomUUID()],
        [big.client, 'not-a-uuid'],
      ] as const) {
        expect((await client.get(`/api/v1/jobs/${id}`)).status).toBe(404);
        expect((await client.delete(`/api/v1/jobs/${id}`)).status).toBe(404);
      }
      expect((await untilEnded(big.client, started.body.id)).state).toBe('completed'); // the other tenant's DELETE changed nothing
    });

    // Last: it removes the long chain the tests above work on.
    it("applies retention a window at a time while the other tenant's calls answer, and goes on where a stopped run left off", async () => {
      const trail = app.app.get(AuditTrailService);
      const tenantId = big.tenantId;
      // A signed head checkpoint, everything up to it past a retention of one day (the seeded calls
      // are from January; the rest is aged: hashes cover time, so only events retention removes).
      await big.client.post('/api/v1/audit/checkpoints');
      const { seq: through } = await app.db.auditCheckpoint.findFirstOrThrow({
        where: { tenantId, kind: 'head' },
        orderBy: { seq: 'desc' },
      });
      expect(Number(through)).toBeGreaterThan(events);
      await asOwner(
        `UPDATE "AuditEvent" SET "time" = now() - interval '2 days' WHERE "tenantId" = $1 AND "seq" <= $2 AND "time" > now() - interval '2 days'`,
        [tenantId, through],
      );
      await asOwner(`UPDATE "Tenant" SET "auditRetentionDays" = 1 WHERE "id" = $1`, [tenantId]);

      // Stopped after its third window (of 2,000 events): those are gone, the rest stays, and the
      // retention checkpoint, written with the first window, says where the chain now starts.
      let windows = 0;
      await expect(
        trail.applyRetention(tenantId, {
          page: async () => {
            if (++windows === 3) throw new JobCancelled();
          },
        }),
      ).rejects.toBeInstanceOf(JobCancelled);
      const stillThere = await app.db.auditEvent.findFirstOrThrow({
        where: { tenantId },
        orderBy: { seq: 'asc' },
      });
      expect(stillThere.seq).toBe(6001n);
      expect(
        await app.db.auditCheckpoint.count({ where: { tenantId, kind: 'retention', seq: through } }),
      ).toBe(1);

      // The next run goes on from there, while the other tenant's calls answer.
      let progress = { done: 0, total: 0 };
      let ended = false;
      let firstWindow!: () => void;
      const underWay = new Promise<void>((resolve) => (firstWindow = resolve));
      const run = trail
        .applyRetention(tenantId, {
          page: async (done, total) => {
            progress = { done, total };
            firstWindow();
            await yieldToEventLoop();
          },
        })
        .finally(() => (ended = true));
      await underWay;
      await otherTenantAnswers();
      expect(ended).toBe(false); // the answers came before retention ended
      const deleted = await run;
      expect(deleted).toBe(Number(through) - 6000);
      expect(progress).toEqual({ done: deleted, total: deleted });
      expect(await app.db.auditEvent.count({ where: { tenantId, seq: { lte: through } } })).toBe(0);
      // The trail says what the run removed (in its last window's transaction), and what is left
      // verifies from the checkpoint.
      const applied = await app.db.auditEvent.findFirstOrThrow({
        where: { tenantId, action: 'audit.retention_applied' },
      });
      expect(applied.details).toMatchObject({ deleted, throughSeq: Number(through), retentionDays: 1 });
      expect((await big.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true });
    });
  });
}
