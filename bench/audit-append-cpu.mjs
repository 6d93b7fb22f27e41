// Client CPU of one audit append transaction (the appender's: lock the head, check the ids, insert
// the batch, read the tenant's sinks), through a Prisma interactive transaction as it was, and
// through tenantTransaction on node-postgres as AuditAppender runs it now. process.cpuUsage() is
// this process's CPU only (PostgreSQL's own is not in it). Alternates the two, medians of ROUNDS.
// Run after a build: node bench/audit-append-cpu.mjs  (BENCH_ROUNDS, default 5)
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'apps/api/package.json'));
const { startPostgres } = require(path.join(root, 'packages/testkit/dist/index.js'));
const { migrateDeploy, createDb, scopedDb, tenantSql, tenantTransaction, Prisma } = require(
  path.join(root, 'packages/db/dist/index.js'),
);
const { appendEventsSql } = require(path.join(root, 'apps/api/dist/audit/audit.store.js'));
const { toInput } = require(path.join(root, 'apps/api/dist/audit/audit.service.js'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [
  { batch: 2, appends: 500 },
  { batch: 200, appends: 50 },
];

const pg = await startPostgres();
try {
  const url = pg.createDatabase('bench_audit_append_cpu');
  migrateDeploy(url);
  const db = await createDb(url);
  const tenant = await db.tenant.create({ data: { slug: 'bench', name: 'Bench' } });
  const scoped = scopedDb(db, tenant.id);
  let n = 0;
  const batchOf = (size) =>
    Array.from({ length: size }, () =>
      toInput({
        tenantId: tenant.id,
        actor: { type: 'agent', id: 'agt_bench' },
        action: 'gateway.call',
        target: { type: 'server', id: randomUUID() },
        outcome: 'success',
        requestId: `r${n++}`,
        details: { method: 'tools/call', tool: 'echo', latencyMs: 0.4, argumentNames: ['text'] },
      }),
    );
  // What SinkDelivery.dispatch reads in every append (no sink here, so it writes nothing).
  const sinks = (sql) =>
    sql.query(
      Prisma.sql`SELECT "id"::text AS "id", "actions" FROM "AuditSink" WHERE "tenantId" = ${sql.tenant} AND "enabled"`,
    );
  const paths = {
    prisma: (batch) =>
      scoped.$transaction(
        async (tx) => {
          const sql = tenantSql(tx, tenant.id);
          await appendEventsSql(sql, batch);
          await sinks(sql);
        },
        { timeout: 30_000 },
      ),
    pg: (batch) =>
      tenantTransaction(scoped, tenant.id, async (sql) => {
        await appendEventsSql(sql, batch);
        await sinks(sql);
      }),
  };
  /** Microseconds of this process's CPU (user + system) per append, and wall ms per append. */
  async function measure(run, batch, appends) {
    const batches = Array.from({ length: appends }, () => batchOf(batch)); // made outside the measure
    const wall = performance.now();
    const cpu = process.cpuUsage();
    for (const b of batches) await run(b);
    const used = process.cpuUsage(cpu);
    return { cpuUs: (used.user + used.system) / appends, wallMs: (performance.now() - wall) / appends };
  }
  for (const { batch } of SIZES) for (const run of Object.values(paths)) await measure(run, batch, 20); // warm-up
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const { batch, appends } of SIZES) {
    const results = { prisma: [], pg: [] };
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, run] of Object.entries(paths)) results[name].push(await measure(run, batch, appends));
    const line = (name) =>
      `${name.padEnd(6)} ${Math.round(median(results[name].map((x) => x.cpuUs)))} µs CPU, ${median(results[name].map((x) => x.wallMs)).toFixed(2)} ms wall`;
    console.log(
      `batch ${String(batch).padStart(3)} (per append, medians of ${ROUNDS} x ${appends}): ${line('prisma')} | ${line('pg')}`,
    );
  }
  await db.$disconnect();
} finally {
  pg.stop();
}
