// Raw SQL of one tenant. The scoped client (tenancy.ts) confines model queries, but a raw
// statement goes to the database as written; so raw SQL on tenant data goes through here: the
// helper holds the tenant id, hands it to the statement as `tenant` (a uuid parameter), and
// refuses a statement that does not use it, so no raw statement can forget its tenant.
import { Prisma } from './generated/prisma/client';
import { sameTransaction } from './after-commit';

/** What runs raw SQL: the platform client, a scoped one, or a transaction of either. */
export interface RawSqlRunner {
  $queryRaw<T = unknown>(query: Prisma.Sql): Prisma.PrismaPromise<T>;
  $executeRaw(query: Prisma.Sql): Prisma.PrismaPromise<number>;
}

export interface TenantSql {
  readonly tenantId: string;
  /** The tenant's id as a SQL value (`$n::uuid`): the statement's tenant predicate uses it. */
  readonly tenant: Prisma.Sql;
  query<T>(statement: Prisma.Sql): Promise<T>;
  execute(statement: Prisma.Sql): Promise<number>;
}

export class TenantSqlError extends Error {}

/**
 * Raw SQL bound to `tenantId`; a statement that does not pass `tenant` (or the id) is refused
 * before it runs. Made from a transaction client, it names that transaction for afterCommit.
 */
export function tenantSql(db: RawSqlRunner, tenantId: string): TenantSql {
  if (!tenantId) throw new TenantSqlError('tenantSql needs a tenant id');
  const tenant = Prisma.sql`${tenantId}::uuid`;
  const sql: TenantSql = {
    tenantId,
    tenant,
    query: async <T>(statement: Prisma.Sql) => db.$queryRaw<T>(requireTenant(statement, tenantId)),
    execute: async (statement: Prisma.Sql) => db.$executeRaw(requireTenant(statement, tenantId)),
  };
  sameTransaction(db, sql);
  return sql;
}

/** `statement`, if it passes `tenantId` as a value (its tenant predicate); throws otherwise. */
export function requireTenant(statement: Prisma.Sql, tenantId: string): Prisma.Sql {
  if (!statement.values.includes(tenantId))
    throw new TenantSqlError(`raw statement does not name its tenant: ${statement.sql.slice(0, 80)}`);
  return statement;
}
