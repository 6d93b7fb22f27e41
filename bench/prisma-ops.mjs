// What one Prisma operation of the audit append costs the client process, in CPU: on a throw-away
// PostgreSQL (packages/testkit), 400 calls of each after 50 warm-up calls. Issue 13's evidence for
// reading the sinks with a raw query (and for the next step: appending without the query compiler).
// Needs the built packages (`pnpm build`). Usage: node bench/prisma-ops.mjs
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { startPostgres } = require('../packages/testkit/dist/index.js');
const db = require('../packages/db/dist/index.js');

const pg = await startPostgres();
try {
  const url = pg.createDatabase('prisma_ops');
  db.migrateDeploy(url);
  const prisma = await db.createDb(url);
  const tenantId = '7c48182c-aecd-4349-b926-44d5b07f2bd9';
  const ops = {
    'queryRaw SELECT 1': () => prisma.$queryRaw`SELECT 1`,
    'auditSink.findMany': () => prisma.auditSink.findMany({ where: { tenantId, enabled: true } }),
    'the same, queryRaw': () =>
      prisma.$queryRaw`SELECT "id"::text AS "id", "actions" FROM "AuditSink" WHERE "tenantId" = ${tenantId}::uuid AND "enabled"`,
    'empty $transaction': () => prisma.$transaction(async () => undefined),
    'tx of 4 SELECT 1': () =>
      prisma.$transaction(async (tx) => {
        for (let i = 0; i < 4; i++) await tx.$queryRaw`SELECT 1`;
      }),
  };
  for (const [name, op] of Object.entries(ops)) {
    for (let i = 0; i < 50; i++) await op();
    const calls = 400;
    const before = process.cpuUsage();
    for (let i = 0; i < calls; i++) await op();
    const used = process.cpuUsage(before);
    console.log(`${name.padEnd(22)} ${((used.user + used.system) / calls).toFixed(0)} us of CPU per call`);
  }
  await prisma.$disconnect();
} finally {
  pg.stop();
}
