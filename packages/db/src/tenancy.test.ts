// Tenant scoping on a real (embedded) PostgreSQL: the one place isolation is enforced.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from './client';
import { scopedDb } from './tenancy';
import { TenantSqlError, tenantSql } from './tenant-sql';
import { isoTimestamp, tenantRows } from './bulk-read';
import { Prisma } from './generated/prisma/client';
import { useEmbeddedDb } from './test-support/embedded-db';

const openDb = useEmbeddedDb('db-test');
let db: Db;
let a: string;
let b: string;

beforeAll(async () => {
  db = openDb();
  a = (await db.tenant.create({ data: { slug: 'tenant-a', name: 'A' } })).id;
  b = (await db.tenant.create({ data: { slug: 'tenant-b', name: 'B' } })).id;
});

describe('scopedDb', () => {
  it('stamps creates with the tenant and reads only its rows', async () => {
    const sa = scopedDb(db, a);
    const sb = scopedDb(db, b);
    const agent = await sa.agent.create({ data: { tenantId: b, clientId: 'agt_scoped_1', name: 'x' } });
    expect(agent.tenantId).toBe(a); // the scope wins over what the caller passed
    await sb.agent.create({ data: { tenantId: b, clientId: 'agt_scoped_2', name: 'y' } });
    expect((await sa.agent.findMany()).map((x) => x.clientId)).toEqual(['agt_scoped_1']);
    expect(await sb.agent.findUnique({ where: { id: agent.id } })).toBeNull();
    expect(await sb.agent.count()).toBe(1);
  });

  it("cannot update or delete another tenant's row", async () => {
    const row = await scopedDb(db, a).agent.create({
      data: { tenantId: a, clientId: 'agt_scoped_3', name: 'z' },
    });
    const other = scopedDb(db, b);
    await expect(
      other.agent.update({ where: { id: row.id }, data: { name: 'hijacked' } }),
    ).rejects.toMatchObject({ code: 'P2025' });
    await expect(other.agent.delete({ where: { id: row.id } })).rejects.toMatchObject({ code: 'P2025' });
    expect((await other.agent.updateMany({ where: { id: row.id }, data: { name: 'x' } })).count).toBe(0);
    expect((await db.agent.findUniqueOrThrow({ where: { id: row.id } })).name).toBe('z');
  });
});

describe('tenantSql', () => {
  it("reads only the rows its statement's tenant predicate selects", async () => {
    const raw = tenantSql(scopedDb(db, a), a);
    const rows = await raw.query<{ slug: string }[]>(
      Prisma.sql`SELECT "slug" FROM "Tenant" WHERE "id" = ${raw.tenant}`,
    );
    expect(rows).toEqual([{ slug: 'tenant-a' }]);
    expect(await raw.execute(Prisma.sql`UPDATE "Tenant" SET "name" = 'A2' WHERE "id" = ${raw.tenant}`)).toBe(
      1,
    );
    expect((await db.tenant.findUniqueOrThrow({ where: { id: b } })).name).toBe('B');
  });

  it('refuses a statement that does not name its tenant, before it runs', async () => {
    const raw = tenantSql(db, a);
    await expect(raw.execute(Prisma.sql`UPDATE "Tenant" SET "name" = 'everyone'`)).rejects.toThrow(
      TenantSqlError,
    );
    await expect(raw.query(Prisma.sql`SELECT "slug" FROM "Tenant" WHERE "id" = ${b}::uuid`)).rejects.toThrow(
      TenantSqlError,
    );
    expect((await db.tenant.findMany({ where: { name: 'everyone' } })).length).toBe(0);
    expect(() => tenantSql(db, '')).toThrow(TenantSqlError);
  });
});

describe('tenantRows (bulk reads)', () => {
  it("reads one tenant's rows through a scoped client's bulk reader, timestamptz as ISO text", async () => {
    const rows = tenantRows(scopedDb(db, a), a);
    const created = await db.tenant.findUniqueOrThrow({ where: { id: a } });
    const read = await rows.query<[string, string]>(
      Prisma.sql`SELECT "slug", "createdAt" FROM "Tenant" WHERE "id" = ${rows.tenant}`,
    );
    expect(read).toEqual([['tenant-a', created.createdAt.toISOString()]]);
  });

  it('refuses a statement that does not name its tenant, and a client createDb did not make', async () => {
    const rows = tenantRows(db, a);
    await expect(rows.query(Prisma.sql`SELECT "slug" FROM "Tenant" WHERE "id" = ${b}::uuid`)).rejects.toThrow(
      TenantSqlError,
    );
    expect(() => tenantRows({}, a)).toThrow(/no node-postgres pool/);
    expect(() => tenantRows(db, '')).toThrow(TenantSqlError);
  });
});

describe('isoTimestamp', () => {
  it('gives what a Date of the same text would print, in every form PostgreSQL writes', () => {
    for (const [text, iso] of [
      ['2026-12-07 05:42:51.903+00', '2026-12-07T05:42:51.903Z'],
      ['2026-12-07 05:42:51.9+00', '2026-12-07T05:42:51.900Z'],
      ['2026-12-07 05:42:51+00', '2026-12-07T05:42:51.000Z'],
      ['2026-12-07 05:42:51.903999+00', '2026-12-07T05:42:51.903Z'],
      ['2026-12-07 06:42:51.903+01', '2026-12-07T05:42:51.903Z'],
      ['2026-12-06 21:12:51.903-08:30', '2026-12-07T05:42:51.903Z'],
    ])
      expect(isoTimestamp(text!)).toBe(iso);
  });
});
