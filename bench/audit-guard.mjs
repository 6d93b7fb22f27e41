// What the database's guard on the trail costs: appends through the worker's path with the
// chain-extension trigger (audit_advance_head: checks every insert extends the chain, moves the
// head) against the same appends with the trigger off and the head moved by the appender, as it
// was before the application role lost the right to write the head. Alternates the two, so a
// machine's changing load hits both alike. Run: pnpm bench:audit:guard  (BENCH_EVENTS, default 20000)
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { gatewayCallInput } from './lib/audit-data.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'apps/api/package.json'));
const { startPostgres } = require(path.join(root, 'packages/testkit/dist/index.js'));
const { migrateDeploy, createDb } = require(path.join(root, 'packages/db/dist/index.js'));
const { appendEvents } = require(path.join(root, 'apps/api/dist/audit/audit.store.js'));

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20000);
const ROUNDS = 3;

const pg = await startPostgres();
try {
  const url = pg.createDatabase('bench_audit_guard');
  migrateDeploy(url);
  const db = await createDb(url);
  const tenant = await db.tenant.create({ data: { slug: 'bench', name: 'Bench' } });
  const record = (i) => gatewayCallInput(tenant.id, i);
  const trigger = (on) =>
    Promise.all([
      db.$executeRawUnsafe(
        `ALTER TABLE "AuditEvent" ${on ? 'ENABLE' : 'DISABLE'} TRIGGER audit_event_advance_head`,
      ),
      db.$executeRawUnsafe(`ALTER TABLE "AuditHead" ${on ? 'ENABLE' : 'DISABLE'} TRIGGER audit_head_sealed`),
    ]);
  async function run(batch, guarded) {
    await trigger(guarded);
    const started = performance.now();
    for (let i = 0; i < EVENTS; i += batch) {
      await db.$transaction(
        async (tx) => {
          const events = await appendEvents(
            tx,
            tenant.id,
            Array.from({ length: batch }, (_, j) => record(i + j)),
          );
          if (!guarded)
            await tx.$executeRaw`UPDATE "AuditHead" SET "seq" = ${events.at(-1).seq}::bigint, "hash" = ${events.at(-1).hash} WHERE "tenantId" = ${tenant.id}::uuid`;
        },
        { timeout: 120_000 },
      );
    }
    await trigger(true);
    return EVENTS / ((performance.now() - started) / 1000);
  }
  await run(500, true); // warm-up
  const results = {};
  for (const batch of [50, 500]) {
    const guarded = [];
    const unguarded = [];
    for (let r = 0; r < ROUNDS; r++) {
      guarded.push(await run(batch, true));
      unguarded.push(await run(batch, false));
    }
    const median = (xs) => Math.round(xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
    results[batch] = { guarded: median(guarded), unguarded: median(unguarded) };
    console.log(
      `batch ${String(batch).padStart(4)}: ${results[batch].guarded} events/s guarded, ${results[batch].unguarded} events/s unguarded (medians of ${ROUNDS})`,
    );
  }
  await db.$disconnect();
  mkdirSync(path.join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    path.join(root, 'bench/results/audit-guard.json'),
    JSON.stringify({ when: new Date().toISOString(), events: EVENTS, results }, null, 2),
  );
} finally {
  pg.stop();
}
