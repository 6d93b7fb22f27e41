// tenantTransaction on a real PostgreSQL and on the embedded PGlite (its pools reach PGlite's
// thread over message ports): the tenant check, COMMIT and ROLLBACK, after-commit hooks, the
// connection always handed back, and a lost connection dropped and told apart from a refusal;
// tenantAutocommit's statements committed one by one under the same check.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '@portcullis/testkit';
import { afterCommit } from './after-commit';
import { poolsOf } from './bulk-read';
import { createDb, type Db } from './client';
import { describeDbError, isRefusal, DbConnectionError } from './db-error';
import { Prisma } from './generated/prisma/client';
import { migrateDeploy } from './migrate';
import { scopedDb } from './tenancy';
import { TenantSqlError } from './tenant-sql';
import { tenantAutocommit, tenantTransaction } from './tenant-transaction';

let pg: PostgresServer;
const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-tenant-tx-'));
const dbs: Record<'postgres' | 'embedded', Db> = {} as never;

beforeAll(async () => {
  pg = await startPostgres();
  const url = pg.createDatabase('tenant_tx');
  migrateDeploy(url);
  dbs.postgres = await createDb(url);
  process.env.PGLITE_DIR = dir;
  migrateDeploy(undefined);
  dbs.embedded = await createDb(undefined);
}, 180_000);
afterAll(async () => {
  await Promise.all(Object.values(dbs).map((db) => db.$disconnect()));
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const deliveries = (db: Db, tenantId: string) => db.auditDelivery.count({ where: { tenantId } });
const insertDelivery = (tenant: Prisma.Sql) =>
  Prisma.sql`INSERT INTO "AuditDelivery" ("id", "tenantId", "sinkId") VALUES (gen_random_uuid(), ${tenant}, gen_random_uuid())`;

/** Every connection of the appenders' pool is back in it (none leaked, none still checked out). */
function expectAllReleased(db: Db) {
  const pool = poolsOf(db).write.get();
  expect(pool.idleCount).toBe(pool.totalCount);
  expect(pool.waitingCount).toBe(0);
}

describe.each(['postgres', 'embedded'] as const)('tenantTransaction on %s', (kind) => {
  let n = 0;
  const newTenant = () => dbs[kind].tenant.create({ data: { slug: `tx-${kind}-${++n}`, name: 'T' } });

  it("commits, and gives rows as Prisma's $queryRaw does (bigint as BigInt)", async () => {
    const db = dbs[kind];
    const t = await newTenant();
    const head = await tenantTransaction(scopedDb(db, t.id), t.id, async (sql) => {
      expect(await sql.execute(insertDelivery(sql.tenant))).toBe(1);
      return sql.query<{ seq: bigint; hash: string }[]>(
        Prisma.sql`SELECT "seq", "hash" FROM audit_lock_head(${sql.tenant})`,
      );
    });
    const viaPrisma = await db.$queryRaw<{ seq: bigint; hash: string }[]>(
      Prisma.sql`SELECT "seq", "hash" FROM "AuditHead" WHERE "tenantId" = ${t.id}::uuid`,
    );
    expect(head).toEqual(viaPrisma);
    expect(typeof head[0]!.seq).toBe('bigint');
    expect(await deliveries(db, t.id)).toBe(1);
    expectAllReleased(db);
  });

  it('refuses a statement that does not name the tenant, before it runs, and rolls back the rest', async () => {
    const db = dbs[kind];
    const t = await newTenant();
    const other = await newTenant();
    await expect(
      tenantTransaction(db, t.id, async (sql) => {
        await sql.execute(insertDelivery(sql.tenant));
        await sql.execute(insertDelivery(Prisma.sql`${other.id}::uuid`));
      }),
    ).rejects.toBeInstanceOf(TenantSqlError);
    expect(await deliveries(db, t.id)).toBe(0);
    expect(await deliveries(db, other.id)).toBe(0);
    await expect(tenantTransaction(db, '', async () => 1)).rejects.toBeInstanceOf(TenantSqlError);
    await expect(tenantTransaction({}, t.id, async () => 1)).rejects.toThrow(/no node-postgres pool/);
    expectAllReleased(db);
  });

  it('rolls back everything when fn or a statement throws, the database error intact', async () => {
    const db = dbs[kind];
    const t = await newTenant();
    await expect(
      tenantTransaction(db, t.id, async (sql) => {
        await sql.execute(insertDelivery(sql.tenant));
        throw new Error('fn failed');
      }),
    ).rejects.toThrow('fn failed');
    const refused = await tenantTransaction(db, t.id, async (sql) => {
      await sql.execute(insertDelivery(sql.tenant));
      await sql.query(Prisma.sql`SELECT 1 / 0 WHERE ${sql.tenant} IS NOT NULL`);
    }).catch((e: unknown) => e);
    expect(describeDbError(refused)).toMatchObject({ code: '22012' });
    expect(isRefusal(describeDbError(refused))).toBe(true);
    expect(await deliveries(db, t.id)).toBe(0);
    // The connections are live again: more transactions than the pool holds still run.
    for (let i = 0; i < 6; i++)
      await tenantTransaction(db, t.id, (sql) => sql.execute(insertDelivery(sql.tenant)));
    expect(await deliveries(db, t.id)).toBe(6);
    expectAllReleased(db);
  });

  it('runs after-commit hooks once committed (the rows visible to others), never after a rollback', async () => {
    const db = dbs[kind];
    const t = await newTenant();
    const seen: number[] = [];
    let insideDone = false;
    await tenantTransaction(db, t.id, async (sql) => {
      await sql.execute(insertDelivery(sql.tenant));
      afterCommit(sql, () => {
        expect(insideDone).toBe(true);
        void deliveries(db, t.id).then((count) => seen.push(count));
      });
      insideDone = true;
    });
    await expect.poll(() => seen).toEqual([1]);
    let ran = false;
    await expect(
      tenantTransaction(db, t.id, async (sql) => {
        afterCommit(sql, () => (ran = true));
        await sql.query(Prisma.sql`SELECT 1 / 0 WHERE ${sql.tenant} IS NOT NULL`);
      }),
    ).rejects.toThrow();
    await tenantTransaction(db, t.id, async () => undefined);
    expect(ran).toBe(false);
    expectAllReleased(db);
  });

  it('tenantAutocommit: each statement commits by itself, with the same tenant check', async () => {
    const db = dbs[kind];
    const t = await newTenant();
    const other = await newTenant();
    const failure = await tenantAutocommit(db, t.id, async (sql) => {
      await sql.execute(insertDelivery(sql.tenant));
      await sql.query(Prisma.sql`SELECT 1 / 0 WHERE ${sql.tenant} IS NOT NULL`);
    }).catch((e: unknown) => e);
    expect(describeDbError(failure)).toMatchObject({ code: '22012' });
    // No transaction: the statement before the failing one stays.
    expect(await deliveries(db, t.id)).toBe(1);
    await expect(
      tenantAutocommit(db, t.id, (sql) => sql.execute(insertDelivery(Prisma.sql`${other.id}::uuid`))),
    ).rejects.toBeInstanceOf(TenantSqlError);
    expect(await deliveries(db, other.id)).toBe(0);
    // Not left inside a transaction: another session sees each row at once.
    await tenantAutocommit(db, t.id, async (sql) => {
      await sql.execute(insertDelivery(sql.tenant));
      expect(await deliveries(db, t.id)).toBe(2);
    });
    expectAllReleased(db);
  });
});

describe('tenantTransaction losing its connection (PostgreSQL)', () => {
  it('drops the connection, rolls back, and the failure is transient, not a refusal', async () => {
    const db = dbs.postgres;
    const t = await db.tenant.create({ data: { slug: 'tx-lost', name: 'L' } });
    const failure = await tenantTransaction(db, t.id, async (sql) => {
      await sql.execute(insertDelivery(sql.tenant));
      // Another session ends this one's backend, as a server restart would.
      const [row] = await sql.query<{ pid: number }[]>(
        Prisma.sql`SELECT pg_backend_pid() AS pid WHERE ${sql.tenant} IS NOT NULL`,
      );
      await db.$queryRaw`SELECT pg_terminate_backend(${row!.pid}::int)`;
      await sql.execute(insertDelivery(sql.tenant));
    }).catch((e: unknown) => e);
    expect(isRefusal(describeDbError(failure))).toBe(false);
    expect(await deliveries(db, t.id)).toBe(0);
    expectAllReleased(db); // the dead connection was destroyed, not handed back
    await tenantTransaction(db, t.id, (sql) => sql.execute(insertDelivery(sql.tenant)));
    expect(await deliveries(db, t.id)).toBe(1);
  });

  it('is a DbConnectionError (SQLSTATE class 08) when no connection can be had', async () => {
    const server = await startPostgres();
    const url = server.createDatabase('tenant_tx_down');
    const db = await createDb(url);
    try {
      server.stop();
      const failure = await tenantTransaction(
        db,
        '00000000-0000-4000-8000-000000000000',
        async () => 1,
      ).catch((e: unknown) => e);
      expect(failure).toBeInstanceOf(DbConnectionError);
      expect(describeDbError(failure).code).toBe('08006');
      expect(isRefusal(describeDbError(failure))).toBe(false);
    } finally {
      await db.$disconnect();
    }
  });
});

describe('describeDbError on node-postgres errors', () => {
  it('takes no SQLSTATE from a Node system error (EPIPE is five letters too)', () => {
    const epipe = Object.assign(new Error('write EPIPE'), { code: 'EPIPE', errno: -32, syscall: 'write' });
    expect(describeDbError(epipe).code).toBeUndefined();
    expect(describeDbError(new DbConnectionError(epipe))).toMatchObject({ code: '08006' });
  });
});
