// The embedded database's statistics kept fresh: on PGlite (no autovacuum, no change counts) a
// table is analyzed once its size moved by more than a tenth since its last ANALYZE, and then the
// planner sees its real size.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../client';
import { useEmbeddedDb } from '../test-support/embedded-db';
import { analyzeStaleTables } from './analyze';

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
});
