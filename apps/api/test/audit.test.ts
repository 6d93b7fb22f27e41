// The audit trail on a real PostgreSQL: every change leaves an event, the chain verifies, and
// tampering in the database is found with the sequence number that broke.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signUpOwner, startTestApp, type Client, type TestApp } from './harness';
import { startRedis } from '@portcullis/testkit';
import { agentWithSecret, basic, postForm, setupTenantWithServer, waitUntil } from './fixtures';
import { AuditService, toInput } from '../src/audit/audit.service';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';
import { AuditSearch, type SearchPath } from '../src/audit-trail/audit-search.service';
import { appendEvents } from '../src/audit/audit.store';
import { verifyNdjsonStream } from '@portcullis/audit-core';

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUpOwner>>;
let sql: pg.Client;
const checkpointDir = mkdtempSync(path.join(os.tmpdir(), 'audit-checkpoints-'));

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', AUDIT_CHECKPOINT_DIR: checkpointDir });
  owner = await signUpOwner(app.baseUrl);
  sql = new pg.Client({ connectionString: app.ownerDatabaseUrl });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await app.close();
});

/** Writes as a superuser with triggers off: what an attacker with database access could do. */
async function tamper(statement: string, params: unknown[] = []) {
  await sql.query('SET session_replication_role = replica');
  try {
    await sql.query(statement, params);
  } finally {
    await sql.query('SET session_replication_role = DEFAULT');
  }
}

async function makeEvents(client: Client, n: number) {
  for (let i = 0; i < n; i++) await client.post('/api/v1/api-tokens', { name: `t${i}`, role: 'auditor' });
}

describe('audit trail', () => {
  it('records admin changes with actor, action and target, newest first, keyset-paginated', async () => {
    const fresh = await signUpOwner(app.baseUrl);
    await makeEvents(fresh.client, 5);
    const page1 = await fresh.client.get('/api/v1/audit/events?limit=3');
    expect(page1.status).toBe(200);
    expect(page1.body.items.map((e: { action: string }) => e.action)).toEqual([
      'api_token.created',
      'api_token.created',
      'api_token.created',
    ]);
    expect(page1.body.items[0].actor).toEqual({ type: 'user', id: fresh.userId });
    const page2 = await fresh.client.get(`/api/v1/audit/events?limit=3&cursor=${page1.body.nextCursor}`);
    const page3 = await fresh.client.get(`/api/v1/audit/events?limit=3&cursor=${page2.body.nextCursor}`);
    const seqs = [...page1.body.items, ...page2.body.items, ...page3.body.items].map(
      (e: { seq: number }) => e.seq,
    );
    expect(seqs).toEqual([7, 6, 5, 4, 3, 2, 1]);
    expect(page3.body.nextCursor).toBeNull();
    // Sign-up: the tenant, then the session that signed its owner in.
    expect(page2.body.items.at(-1).action).toBe('session.signed_in');
    expect(page3.body.items.map((e: { action: string }) => e.action)).toEqual(['tenant.created']);
    const filtered = await fresh.client.get('/api/v1/audit/events?action=tenant.created');
    expect(filtered.body.items).toHaveLength(1);
    const bad = await fresh.client.get('/api/v1/audit/events?limit=9999');
    expect(bad.status).toBe(400);
  });

  it('never stores a secret in details', async () => {
    const created = await owner.client.post('/api/v1/api-tokens', { name: 'secret-check', role: 'admin' });
    const rows = await sql.query('SELECT details::text AS d FROM "AuditEvent" WHERE "tenantId" = $1', [
      owner.tenantId,
    ]);
    expect(rows.rows.map((r) => r.d).join('')).not.toContain(created.body.token);
  });

  it('refuses UPDATE, DELETE and TRUNCATE from the application role, and from the owner (triggers)', async () => {
    await makeEvents(owner.client, 1);
    for (const statement of [
      `UPDATE "AuditEvent" SET "reason" = 'x'`,
      `DELETE FROM "AuditEvent"`,
      `TRUNCATE "AuditEvent"`,
    ]) {
      await expect(app.db.$executeRawUnsafe(statement)).rejects.toThrow(/permission denied/);
      await expect(sql.query(statement)).rejects.toThrow(/append-only/);
    }
  });

  it('keeps one gap-free chain under many concurrent writers', async () => {
    const t = await signUpOwner(app.baseUrl);
    const audit = app.app.get(AuditService);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        audit.record({
          tenantId: t.tenantId,
          actor: { type: 'system', id: `w${i}` },
          action: 'agent.updated',
          outcome: 'success',
        }),
      ),
    );
    const seqs = (
      await sql.query('SELECT seq FROM "AuditEvent" WHERE "tenantId" = $1 ORDER BY seq', [t.tenantId])
    ).rows.map((r) => Number(r.seq));
    // Sign-up's two events, then the forty.
    expect(seqs).toEqual(Array.from({ length: 42 }, (_, i) => i + 1));
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true, verifiedCount: 42 });
  });
});

describe('search', () => {
  it('reads a time range the same page by page whichever way it goes (along the chain or the range first)', async () => {
    const t = await signUpOwner(app.baseUrl);
    const searcher = app.app.get(AuditSearch);
    const base = Date.parse('2026-01-01T00:00:00.000Z');
    const agents = ['agent-a', 'agent-b', 'agent-c'];
    // One event a minute, every seventh half an hour late (times are not strictly in seq order).
    const inputs = Array.from({ length: 300 }, (_, i) => ({
      id: crypto.randomUUID(),
      tenantId: t.tenantId,
      time: new Date(base + i * 60_000 - (i % 7 === 0 ? 1_800_000 : 0)).toISOString(),
      actor: { type: 'agent' as const, id: agents[i % 3]! },
      action: 'gateway.call' as const,
      outcome: i % 5 === 0 ? ('denied' as const) : ('success' as const),
      ...(i % 5 === 0 ? { reason: i % 10 === 0 ? 'over 100% of quota' : 'over 100 of quota' } : {}),
      details: { tool: `tool_${i % 4}` },
    }));
    await app.db.$transaction((tx) => appendEvents(tx, t.tenantId, inputs));
    const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
    const pages = async (q: Record<string, string>, path?: SearchPath) => {
      const seqs: number[] = [];
      let cursor: string | undefined;
      do {
        const page = await searcher.search(
          t.tenantId,
          { ...q, ...(cursor ? { cursor } : {}), limit: 7 },
          path,
        );
        seqs.push(...page.items.map((e) => e.seq));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return seqs;
    };
    const queries: Record<string, string>[] = [
      { from: at(20), to: at(60) }, // old: the range first
      { from: at(250) }, // recent: along the chain
      { to: at(40) },
      { from: at(100), to: at(200), agent: 'agent-b' },
      { from: at(0), to: at(290), outcome: 'denied', q: '100%' },
      { from: at(-500), to: at(-400) }, // before every event
      { from: at(5000) }, // after every event
    ];
    const all = await app.db.auditEvent.findMany({
      where: { tenantId: t.tenantId },
      orderBy: { seq: 'desc' },
    });
    for (const q of queries) {
      const chain = await pages(q, 'chain');
      expect(await pages(q, 'range')).toEqual(chain);
      expect(await pages(q)).toEqual(chain);
      // ...and it is the right answer.
      const expected = all
        .filter(
          (e) =>
            (!q.from || e.time >= new Date(q.from)) &&
            (!q.to || e.time <= new Date(q.to)) &&
            (!q.agent || e.actorId === q.agent),
        )
        .filter((e) => (!q.outcome || e.outcome === q.outcome) && (!q.q || e.reason?.includes(q.q)))
        .map((e) => Number(e.seq));
      expect(chain).toEqual(expected);
    }
  });

  it('takes % and _ in the free text literally', async () => {
    const t = await signUpOwner(app.baseUrl);
    const audit = app.app.get(AuditService);
    for (const reason of ['quota at 100%', 'quota at 1000', 'a_b', 'axb']) {
      await audit.record({
        tenantId: t.tenantId,
        actor: { type: 'system', id: 'test' },
        action: 'agent.updated',
        outcome: 'failure',
        reason,
      });
    }
    const reasons = async (q: string) =>
      (await t.client.get(`/api/v1/audit/events?q=${encodeURIComponent(q)}`)).body.items.map(
        (e: { reason: string }) => e.reason,
      );
    expect(await reasons('100%')).toEqual(['quota at 100%']);
    expect(await reasons('a_b')).toEqual(['a_b']);
    expect(await reasons('QUOTA')).toEqual(['quota at 1000', 'quota at 100%']);
    // Shorter terms have no trigram to use: a clear 400, not a slow scan.
    const short = await t.client.get('/api/v1/audit/events?q=ab');
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.body.errors)).toContain('at least 3 characters');
  });
});

describe('dashboard statistics', () => {
  it('counts tokens, calls and refusals, ranks reasons and tools, and takes latency percentiles of successful calls', async () => {
    const t = await signUpOwner(app.baseUrl);
    const start = Date.now() - 3 * 3600_000;
    let i = 0;
    const event = (
      action: 'gateway.call' | 'token.issued' | 'token.denied' | 'policy.decision',
      outcome: 'success' | 'denied',
      extra: { tool?: string; latencyMs?: number; reason?: string } = {},
    ) => ({
      ...toInput({
        tenantId: t.tenantId,
        actor: { type: 'agent', id: 'agt_stats' },
        action,
        outcome,
        ...(extra.reason ? { reason: extra.reason } : {}),
        details: {
          ...(extra.tool ? { tool: extra.tool } : {}),
          ...(extra.latencyMs !== undefined ? { latencyMs: extra.latencyMs } : {}),
        },
      }),
      time: new Date(start + i++ * 60_000).toISOString(),
    });
    const inputs = [
      ...[10, 20, 30, 40, 50].map((latencyMs) =>
        event('gateway.call', 'success', { tool: 'echo', latencyMs }),
      ),
      ...[100, 200].map((latencyMs) => event('gateway.call', 'success', { tool: 'add', latencyMs })),
      ...[1, 2, 3].map(() =>
        event('gateway.call', 'denied', {
          tool: 'echo',
          latencyMs: 1,
          reason: 'policy office: outside 10.0.0.0/8',
        }),
      ),
      ...[1, 2, 3, 4].map(() => event('token.issued', 'success')),
      ...[1, 2].map(() => event('token.denied', 'denied', { reason: 'client authentication failed' })),
      // The decision a refused call also leaves is not a second refusal.
      event('policy.decision', 'denied', { reason: 'outside 10.0.0.0/8' }),
    ];
    await app.db.$transaction((tx) => appendEvents(tx, t.tenantId, inputs));

    const res = await t.client.get(`/api/v1/audit/stats?from=${new Date(start - 60_000).toISOString()}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      tokensIssued: 4,
      tokensDenied: 2,
      gatewayCalls: 10,
      refusalsByReason: [
        { reason: 'policy office: outside 10.0.0.0/8', count: 3 },
        { reason: 'client authentication failed', count: 2 },
      ],
      topTools: [
        { tool: 'echo', count: 8 },
        { tool: 'add', count: 2 },
      ],
      // Successful calls only: 10 20 30 40 50 100 200 (continuous percentiles).
      latencyMs: { p50: 40, p95: 170 },
    });
    const series = res.body.series as { calls: number; denied: number; tokens: number }[];
    expect(
      series.reduce((a, b) => ({
        calls: a.calls + b.calls,
        denied: a.denied + b.denied,
        tokens: a.tokens + b.tokens,
      })),
    ).toMatchObject({ calls: 10, denied: 5, tokens: 4 });

    // A period before any of it.
    const before = await t.client.get(
      `/api/v1/audit/stats?from=${new Date(start - 7200_000).toISOString()}&to=${new Date(start - 3600_000).toISOString()}`,
    );
    expect(before.body).toMatchObject({
      tokensIssued: 0,
      gatewayCalls: 0,
      refusalsByReason: [],
      topTools: [],
      latencyMs: { p50: null, p95: null },
    });
  });

  it('refuses a period that ends before it starts, or a date that is not one', async () => {
    const t = await signUpOwner(app.baseUrl);
    const reversed = await t.client.get(
      `/api/v1/audit/stats?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
    );
    expect(reversed.status).toBe(400);
    expect(JSON.stringify(reversed.body.errors)).toContain('from must be before to');
    expect((await t.client.get('/api/v1/audit/stats?from=yesterday')).status).toBe(400);
  });
});

describe('batched appends (the token endpoint and the gateway)', () => {
  it('stores every field of a batch as given, nulls included, and a retried batch appends nothing', async () => {
    const t = await signUpOwner(app.baseUrl);
    const audit = app.app.get(AuditService);
    const full = toInput({
      tenantId: t.tenantId,
      actor: { type: 'agent', id: 'agt_1', label: 'Agent “one”' },
      action: 'gateway.call',
      target: { type: 'server', id: 'srv_1', label: 'echo' },
      outcome: 'denied',
      reason: 'tool "x" is not permitted',
      requestId: 'req-12345678',
      ip: '::ffff:127.0.0.1',
      country: 'FR',
      details: {
        method: 'tools/call',
        tool: 'x',
        latencyMs: 1.5,
        argumentNames: ['a', 'b'],
        nested: { ü: [1, null] },
      },
    });
    const bare = toInput({
      tenantId: t.tenantId,
      actor: { type: 'system', id: 'sys' },
      action: 'token.issued',
      outcome: 'success',
    });
    expect(await audit.appendDirect([full, bare])).toBe(2);
    expect(await audit.appendDirect([full, bare])).toBe(0);

    const trail = app.app.get(AuditTrailService);
    expect(await trail.event(t.tenantId, full.id)).toMatchObject({
      ...full,
      ip: '127.0.0.1',
      seq: 3,
    });
    const stored = await trail.event(t.tenantId, bare.id);
    expect(stored).toMatchObject({ ...bare, seq: 4 });
    expect(stored).not.toHaveProperty('target');
    expect(stored).not.toHaveProperty('reason');
    const row = (
      await sql.query('SELECT tool, "actorLabel", country FROM "AuditEvent" WHERE id = $1', [full.id])
    ).rows[0];
    expect(row).toEqual({ tool: 'x', actorLabel: 'Agent “one”', country: 'FR' });
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({ ok: true, verifiedCount: 4 });
  });
});

describe('tampering is found with the sequence number that broke', () => {
  /** A tenant with a chain of nine events, all covered by a signed checkpoint. */
  async function freshChain() {
    const t = await signUpOwner(app.baseUrl);
    await makeEvents(t.client, 5);
    // Adds audit.checkpoint, and key.rotated for the tenant's first signing key.
    expect((await t.client.post('/api/v1/audit/checkpoints')).body.created).toBe(true);
    const v = (await t.client.post('/api/v1/audit/verify')).body;
    expect(v, JSON.stringify(v)).toMatchObject({ ok: true, verifiedCount: 9, checkpointCount: 1 });
    expect(v.message).not.toMatch(/not yet covered/);
    return t;
  }

  it('a modified row', async () => {
    const t = await freshChain();
    await tamper(`UPDATE "AuditEvent" SET "reason" = 'edited' WHERE "tenantId" = $1 AND seq = 3`, [
      t.tenantId,
    ]);
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({
      ok: false,
      firstBrokenSeq: 3,
      problem: 'modified',
    });
  });

  it('a deleted row', async () => {
    const t = await freshChain();
    await tamper(`DELETE FROM "AuditEvent" WHERE "tenantId" = $1 AND seq = 4`, [t.tenantId]);
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({
      ok: false,
      firstBrokenSeq: 4,
    });
  });

  it('two swapped rows', async () => {
    const t = await freshChain();
    await tamper(
      `UPDATE "AuditEvent" SET seq = CASE seq WHEN 2 THEN -3 WHEN 3 THEN -2 END WHERE "tenantId" = $1 AND seq IN (2, 3)`,
      [t.tenantId],
    );
    await tamper(`UPDATE "AuditEvent" SET seq = -seq WHERE "tenantId" = $1 AND seq < 0`, [t.tenantId]);
    const res = (await t.client.post('/api/v1/audit/verify')).body;
    expect(res.ok).toBe(false);
    expect(res.firstBrokenSeq).toBe(2);
  });

  it('a tail cut together with its checkpoint rows (caught by the checkpoint pushed out)', async () => {
    const t = await freshChain();
    const pushed = readFileSync(path.join(checkpointDir, `${t.tenantId}.jwsl`), 'utf8')
      .trim()
      .split('\n');
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toBe(
      (await sql.query('SELECT jws FROM "AuditCheckpoint" WHERE "tenantId" = $1', [t.tenantId])).rows[0].jws,
    );
    // An attacker with the database: cut the tail, drop the checkpoints, move the head back.
    await tamper(`DELETE FROM "AuditEvent" WHERE "tenantId" = $1 AND seq >= 5`, [t.tenantId]);
    await tamper(`DELETE FROM "AuditCheckpoint" WHERE "tenantId" = $1`, [t.tenantId]);
    await tamper(
      `UPDATE "AuditHead" SET seq = 4, hash = (SELECT hash FROM "AuditEvent" WHERE "tenantId" = $1 AND seq = 4) WHERE "tenantId" = $1`,
      [t.tenantId],
    );
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({
      ok: false,
      problem: 'truncated',
      firstBrokenSeq: 5,
    });
  });

  it('a truncated tail (caught by the signed checkpoint)', async () => {
    const t = await freshChain();
    await tamper(`DELETE FROM "AuditEvent" WHERE "tenantId" = $1 AND seq >= 5`, [t.tenantId]);
    const res = (await t.client.post('/api/v1/audit/verify')).body;
    expect(res).toMatchObject({ ok: false, problem: 'truncated' });
    expect(res.firstBrokenSeq).toBe(5);
  });
});

describe('export and offline verification', () => {
  it('exports NDJSON with checkpoints that the CLI verifies offline, and CSV', async () => {
    const t = await signUpOwner(app.baseUrl);
    await makeEvents(t.client, 4);
    await t.client.post('/api/v1/audit/checkpoints');
    const res = await fetch(`${app.baseUrl}/api/v1/audit/export?format=ndjson`, {
      headers: { cookie: `pc_session=${t.client.cookie('pc_session')}` },
    });
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const text = await res.text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0].type).toBe('header');
    expect(lines.filter((l) => l.type === 'checkpoint')).toHaveLength(1);
    // Sign-up's two, four tokens, the checkpoint request and first key, and the export itself.
    expect(
      lines
        .filter((l) => l.type === 'event')
        .map((l) => l.action)
        .at(-1),
    ).toBe('audit.exported');
    expect(lines.filter((l) => l.type === 'event')).toHaveLength(9);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'audit-export-'));
    const file = path.join(dir, 'export.ndjson');
    writeFileSync(file, text);
    const cli = path.resolve(__dirname, '../../../packages/audit-core/dist/cli.js');
    const ok = spawnSync(process.execPath, [cli, 'verify', file], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^OK: 9 events verified/m);
    const tampered = text.replace(/"outcome":"success"/, '"outcome":"failure"');
    writeFileSync(file, tampered);
    const broken = spawnSync(process.execPath, [cli, 'verify', file], { encoding: 'utf8' });
    expect(broken.status).toBe(1);
    expect(broken.stdout + broken.stderr).toMatch(/BROKEN at seq \d+/);

    const csv = await fetch(`${app.baseUrl}/api/v1/audit/export?format=csv`, {
      headers: { cookie: `pc_session=${t.client.cookie('pc_session')}` },
    });
    const rows = (await csv.text()).trim().split('\n');
    expect(rows[0]).toMatch(/^seq,/);
    expect(rows).toHaveLength(11); // header, the nine events, and the CSV export's own event
  });
});

describe('retention', () => {
  /** A tenant whose events up to its first checkpoint are past retention and deleted. */
  async function retainedTenant() {
    const t = await signUpOwner(app.baseUrl);
    await makeEvents(t.client, 3);
    await t.client.post('/api/v1/audit/checkpoints');
    const anchor = Number(
      (await sql.query('SELECT max(seq) AS s FROM "AuditCheckpoint" WHERE "tenantId" = $1', [t.tenantId]))
        .rows[0].s,
    );
    await makeEvents(t.client, 2);
    await sql.query(`UPDATE "Tenant" SET "auditRetentionDays" = 1 WHERE id = $1`, [t.tenantId]);
    // Hashes cover time, so aging rows breaks them: age only the rows the job will delete.
    await tamper(
      `UPDATE "AuditEvent" SET "time" = now() - interval '3 days' WHERE "tenantId" = $1 AND seq <= $2`,
      [t.tenantId, anchor],
    );
    const deleted = await app.app.get(AuditTrailService).applyRetention(t.tenantId);
    return { t, anchor, deleted };
  }

  it('deletes old events down to a checkpoint, and the rest still verifies', async () => {
    const { t, anchor, deleted } = await retainedTenant();
    expect(deleted).toBe(anchor);
    const rows = (
      await sql.query('SELECT seq, action, details FROM "AuditEvent" WHERE "tenantId" = $1 ORDER BY seq', [
        t.tenantId,
      ])
    ).rows;
    expect(Number(rows[0].seq)).toBe(anchor + 1);
    // The trail records what left it, and what remains verifies from the anchor.
    expect(rows.at(-1)).toMatchObject({
      action: 'audit.retention_applied',
      details: { deleted: anchor, throughSeq: anchor, retentionDays: 1 },
    });
    expect((await t.client.post('/api/v1/audit/verify')).body).toMatchObject({
      ok: true,
      verifiedCount: rows.length,
    });
  });

  it('exports a retained tail with its anchor, and the export verifies', async () => {
    const { t, anchor } = await retainedTenant();
    const remaining = (
      await sql.query(
        'SELECT count(*)::int AS n, max(seq)::int AS head FROM "AuditEvent" WHERE "tenantId" = $1',
        [t.tenantId],
      )
    ).rows[0];
    const res = await fetch(`${app.baseUrl}/api/v1/audit/export?format=ndjson`, {
      headers: { cookie: `pc_session=${t.client.cookie('pc_session')}` },
    });
    const text = await res.text();
    const anchorHash = (
      await sql.query('SELECT "prevHash" FROM "AuditEvent" WHERE "tenantId" = $1 AND seq = $2', [
        t.tenantId,
        anchor + 1,
      ])
    ).rows[0].prevHash;
    expect(JSON.parse(text.split('\n')[0]!).anchor).toEqual({ seq: anchor, hash: anchorHash });
    // What remained, and the export's own event.
    expect(await verifyNdjsonStream([text])).toMatchObject({
      ok: true,
      verifiedCount: remaining.n + 1,
      headSeq: remaining.head + 1,
    });
  });
});

describe('faults', () => {
  it('keeps every event when Redis is unreachable: the hand-off falls back to the database', async () => {
    const redis = await startRedis();
    const solo = await startTestApp({ RUN_WORKER: 'true', REDIS_URL: redis.url });
    try {
      const env = await setupTenantWithServer(solo.baseUrl);
      const agent = await agentWithSecret(env.owner.client, env.serverId);
      await redis.stop();
      const issued = await postForm(
        `${env.issuer}/token`,
        { grant_type: 'client_credentials', resource: env.gatewayUrl },
        { authorization: basic(agent.clientId, agent.clientSecret) },
      );
      expect(issued.status).toBe(200);
      const jti = JSON.parse(Buffer.from(issued.body.access_token.split('.')[1], 'base64url').toString()).jti;
      const row = await waitUntil('token.issued in the database', async () => {
        const r = await solo.db.auditEvent.findMany({ where: { action: 'token.issued' } });
        return r.find((e) => (e.details as { jti?: string }).jti === jti);
      });
      expect(row.actorId).toBe(agent.agentId);
      await redis.start();
      const verdict = await env.owner.client.post('/api/v1/audit/verify');
      expect(verdict.body.ok).toBe(true);
      await env.upstream.close();
    } finally {
      await solo.close();
      await redis.stop();
    }
  });
});
