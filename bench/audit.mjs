// Audit trail throughput on this machine: sustained ingest into PostgreSQL with the hash chain
// (the worker's append path: batches under the per-tenant head lock), and offline verification
// of an NDJSON export. Run: pnpm bench:audit   (BENCH_DURATION seconds of ingest, default 10)
import { randomUUID } from 'node:crypto';
import { writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'apps/api/package.json'));
const { startPostgres } = require(path.join(root, 'packages/testkit/dist/index.js'));
const { migrateDeploy, createDb } = require(path.join(root, 'packages/db/dist/index.js'));
const { appendEvents } = require(path.join(root, 'apps/api/dist/audit/audit.store.js'));
const { toInput } = require(path.join(root, 'apps/api/dist/audit/audit.service.js'));
const { toNdjsonLines, verifyNdjsonStream } = require(path.join(root, 'packages/audit-core/dist/index.js'));

const DURATION = Number(process.env.BENCH_DURATION ?? 10) * 1000;
const BATCH = Number(process.env.BENCH_AUDIT_BATCH ?? 500);
const WRITERS = Number(process.env.BENCH_AUDIT_WRITERS ?? 4);

const pg = await startPostgres();
try {
  const url = pg.createDatabase('bench_audit');
  migrateDeploy(url);
  const db = await createDb(url);
  const tenant = await db.tenant.create({ data: { slug: 'bench', name: 'Bench' } });
  const record = (i) => toInput({
    tenantId: tenant.id, actor: { type: 'agent', id: 'agt_bench', label: 'bench' }, action: 'gateway.call',
    target: { type: 'server', id: randomUUID(), label: 'example' }, outcome: 'success', requestId: `r${i}`, ip: '10.1.2.3',
    details: { method: 'tools/call', tool: 'echo', latencyMs: 0.4, requestBytes: 120, responseBytes: 240, argumentNames: ['text'] },
  });
  // Several writers append to one tenant's chain at once: the head lock keeps it linear.
  let total = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: WRITERS }, async () => {
    while (performance.now() - started < DURATION) {
      const batch = Array.from({ length: BATCH }, (_, i) => record(total + i));
      const appended = await db.$transaction((tx) => appendEvents(tx, tenant.id, batch), { timeout: 60_000 });
      total += appended.length;
    }
  }));
  const ingestSec = (performance.now() - started) / 1000;
  const ingestRate = Math.round(total / ingestSec);

  // Export the whole chain as NDJSON, then verify the bytes offline as the CLI does.
  async function* events() {
    let after = -1n;
    for (;;) {
      const rows = await db.auditEvent.findMany({ where: { tenantId: tenant.id, seq: { gt: after } }, orderBy: { seq: 'asc' }, take: 5000 });
      const { fromRow } = require(path.join(root, 'apps/api/dist/audit/audit.store.js'));
      for (const r of rows) yield fromRow(r);
      if (rows.length < 5000) return;
      after = rows[rows.length - 1].seq;
    }
  }
  const chunks = [];
  for await (const line of toNdjsonLines({ header: { tenantId: tenant.id, exportedAt: new Date().toISOString() }, checkpoints: [], events: events() })) chunks.push(Buffer.from(line));
  const bytes = Buffer.concat(chunks);
  const t0 = performance.now();
  const verdict = await verifyNdjsonStream((async function* () { for (let i = 0; i < bytes.length; i += 65536) yield bytes.subarray(i, i + 65536); })());
  const verifySec = (performance.now() - t0) / 1000;
  const verifyRate = Math.round(verdict.verifiedCount / verifySec);
  await db.$disconnect();

  const rows = [
    ['audit ingest (PostgreSQL, hash chain)', `${ingestRate} events/s`, `${total} events in ${ingestSec.toFixed(1)} s, ${WRITERS} writers x ${BATCH}/batch`, '>= 10000'],
    ['export verification (NDJSON bytes)', `${verifyRate} events/s`, `${verdict.verifiedCount} events, ok=${verdict.ok}`, '>= 200000'],
  ];
  console.log('\naudit');
  for (const r of rows) console.log(`${r[0].padEnd(40)} ${r[1].padStart(16)}   ${r[2]}   (target ${r[3]})`);
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(path.join(root, 'bench/results/audit.json'), JSON.stringify({ when: new Date().toISOString(), ingestRate, total, verifyRate, verified: verdict.verifiedCount, ok: verdict.ok }, null, 2));
} finally {
  pg.stop();
}
