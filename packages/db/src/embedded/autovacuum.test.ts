// Autovacuum's work on the embedded database (PGlite has none): a table is analyzed once its size
// moved by more than a tenth since its last ANALYZE, and then the planner sees its real size; a
// table whose oldest unfrozen transaction id is older than the limit is frozen.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../client';
import { useEmbeddedDb } from '../test-support/embedded-db';
import { analyzeAllTables, analyzeStaleTables, freezeOldTables } from './autovacuum';

const openDb = useEmbeddedDb('analyze');
let db: Db;
beforeAll(() => {
  db = openDb();
});

const reltuples = async (table: string) => {
  const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
    `SELECT reltuples::float8 AS n FROM pg_class WHERE oid = '"${table}"'::regclass`,
  );
  return row!.n;
};

async function addTenants(from: number, count: number) {
  await db.$executeRawUnsafe(
    `INSERT INTO "Tenant" ("id", "slug", "name")
     SELECT gen_random_uuid(), 'analyze-' || g, 'T' FROM generate_series(${from}, ${from + count - 1}) g`,
  );
}

describe('analyzeStaleTables', () => {
  it('analyzes a table that holds rows and was never analyzed, then leaves it until it grows by a tenth', async () => {
    await addTenants(1, 3000);
    expect(await reltuples('Tenant')).toBeLessThan(0); // never analyzed: the planner guesses
    const first = await analyzeStaleTables(db);
    expect(first).toContain('public."Tenant"');
    expect(await reltuples('Tenant')).toBe(3000);
    // Analyzed and unchanged: nothing to do (empty tables are never listed).
    expect(await analyzeStaleTables(db)).toEqual([]);
    // A few more rows: under a tenth of the table, still fresh enough.
    await addTenants(3001, 50);
    expect(await analyzeStaleTables(db)).toEqual([]);
    // Doubled: analyzed again, and the planner's count follows.
    await addTenants(3051, 3000);
    expect(await analyzeStaleTables(db)).toEqual(['public."Tenant"']);
    expect(await reltuples('Tenant')).toBe(6050);
  });

  it('analyzeAllTables analyzes every table that holds rows, fresh or not, and no empty one', async () => {
    expect(await analyzeStaleTables(db)).toEqual([]); // Tenant is fresh
    const all = await analyzeAllTables(db);
    expect(all).toContain('public."Tenant"');
    expect(all).not.toContain('public."AuditEvent"'); // no rows here
    const [row] = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
       WHERE c.relkind = 'r' AND s.nspname = 'public' AND pg_relation_size(c.oid) > 0`,
    );
    expect(all).toHaveLength(row!.n);
  });
});

describe('freezeOldTables', () => {
  const age = async (table: string) => {
    const [row] = await db.$queryRawUnsafe<{ age: number }[]>(
      `SELECT age(relfrozenxid)::int AS age FROM pg_class WHERE oid = '"${table}"'::regclass`,
    );
    return row!.age;
  };

  it('freezes the tables whose oldest unfrozen transaction is older than the limit, and only those', async () => {
    for (let i = 0; i < 30; i++) await addTenants(10_000 + i, 1); // 30 transactions that write
    const before = await age('Tenant');
    expect(before).toBeGreaterThanOrEqual(30);
    expect(await freezeOldTables(db, before + 1_000)).toEqual([]);
    const frozen = await freezeOldTables(db, before - 1);
    expect(frozen).toContain('public."Tenant"');
    expect(frozen).toContain('pg_catalog.pg_class'); // the catalogs wrap around too
    expect(await age('Tenant')).toBeLessThan(5);
    expect(await freezeOldTables(db, before - 1)).toEqual([]);
  });

  it('refuses a limit that is not a whole number of transactions', async () => {
    await expect(freezeOldTables(db, -1)).rejects.toThrow(RangeError);
    await expect(freezeOldTables(db, 1.5)).rejects.toThrow(RangeError);
  });
});
