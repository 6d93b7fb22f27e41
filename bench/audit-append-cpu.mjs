// CPU and wall time of one audit append, the two ways AuditAppender appends: the locked path (a
// transaction: BEGIN, lock the head, check the ids, insert, read the tenant's sinks, COMMIT) and
// the fast path (one autocommit statement onto the head this process last wrote). On PostgreSQL
// and on the embedded PGlite. process.cpuUsage() is this process's CPU: PostgreSQL's own is not
// in it, PGlite's is (its worker thread is in this process). Alternates the two, medians of ROUNDS.
// (Prisma's interactive transaction, which the locked path replaced: bench/results/issue13.)
// Run after a build: node bench/audit-append-cpu.mjs  (BENCH_ROUNDS, default 5)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gatewayCallInput, tokenIssuedInput } from './lib/audit-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'apps/api/package.json'));
const { startPostgres } = require(path.join(root, 'packages/testkit/dist/index.js'));
const { migrateDeploy, createDb, scopedDb, tenantAutocommit, tenantTransaction, Prisma } = require(
  path.join(root, 'packages/db/dist/index.js'),
);
const { appendEventsSql, appendOnHead } = require(path.join(root, 'apps/api/dist/audit/audit.store.js'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const SIZES = [
  { batch: 2, appends: 400 },
  { batch: 40, appends: 100 },
  { batch: 200, appends: 40 },
];

/** The two events the hot paths seal: a gateway call (with its tool) and an issued token (no tool, no reason). */
const KINDS = { 'gateway call': gatewayCallInput, 'token issued': tokenIssuedInput };

async function benchDatabase(label, db, kind) {
  const makeInput = KINDS[kind];
  const tenant = await db.tenant.create({
    data: { slug: `bench-${label}-${kind.replace(' ', '-')}`, name: 'Bench' },
  });
  const scoped = scopedDb(db, tenant.id);
  let n = 0;
  const batchOf = (size) => Array.from({ length: size }, () => makeInput(tenant.id, n++));
  let head;
  const remember = (events) => {
    const last = events.at(-1);
    head = { seq: BigInt(last.seq), hash: last.hash };
  };
  const paths = {
    locked: async (batch) =>
      remember(
        await tenantTransaction(scoped, tenant.id, async (sql) => {
          const events = await appendEventsSql(sql, batch);
          // What SinkDelivery.dispatch reads (no sink here, so it writes nothing).
          await sql.query(
            Prisma.sql`SELECT "id"::text AS "id", "actions" FROM "AuditSink" WHERE "tenantId" = ${sql.tenant} AND "enabled"`,
          );
          return events;
        }),
      ),
    fast: async (batch) => {
      const events = await tenantAutocommit(scoped, tenant.id, (sql) => appendOnHead(sql, head, batch));
      if (!events) throw new Error('the fast path did not apply');
      remember(events);
    },
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
  await paths.locked(batchOf(1)); // the head, known from here on
  for (const { batch } of SIZES) for (const run of Object.values(paths)) await measure(run, batch, 20); // warm-up
  const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const { batch, appends } of SIZES) {
    const results = { locked: [], fast: [] };
    for (let r = 0; r < ROUNDS; r++)
      for (const [name, run] of Object.entries(paths)) results[name].push(await measure(run, batch, appends));
    const line = (name) =>
      `${name} ${Math.round(median(results[name].map((x) => x.cpuUs)))} µs CPU, ${median(results[name].map((x) => x.wallMs)).toFixed(2)} ms wall`;
    console.log(
      `${label.padEnd(10)} ${kind.padEnd(12)} batch ${String(batch).padStart(3)} (per append, medians of ${ROUNDS} x ${appends}): ${line('locked')} | ${line('fast')}`,
    );
  }
}

const pg = await startPostgres();
const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-append-bench-'));
try {
  const url = pg.createDatabase('bench_audit_append_cpu');
  migrateDeploy(url);
  const postgres = await createDb(url);
  for (const kind of Object.keys(KINDS)) await benchDatabase('postgres', postgres, kind);
  await postgres.$disconnect();
  process.env.PGLITE_DIR = dir;
  migrateDeploy(undefined);
  const embedded = await createDb(undefined);
  for (const kind of Object.keys(KINDS)) await benchDatabase('embedded', embedded, kind);
  await embedded.$disconnect();
} finally {
  pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
