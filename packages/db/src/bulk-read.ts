// Long reads of one tenant's rows (a chain verification reads every event) on node-postgres
// directly. Prisma's raw-query path maps every value of every row into its own representation
// and back: about a third of a verification's CPU, and most of its garbage. The statement is
// checked exactly as tenantSql checks it, so a bulk read cannot forget its tenant either.
import { types as pgTypes, type CustomTypesConfig } from 'pg';
import type { Prisma } from './generated/prisma/client';
import type { BulkPool } from './adapter';
import { tenantSql, requireTenant } from './tenant-sql';

const pools = new WeakMap<object, BulkPool>();

/** Gives `client` (and the scoped clients made from it, see scopedDb) its bulk readers' pool. */
export function attachBulkPool(client: object, pool: BulkPool): void {
  pools.set(client, pool);
}

/** A scoped client reads through its base client's pool. */
export function inheritBulkPool(from: object, to: object): void {
  const pool = pools.get(from);
  if (pool) pools.set(to, pool);
}

const TIMESTAMPTZ_OID = 1184;
const UTC_TIMESTAMP = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))?\+00$/;
const parseDate = pgTypes.getTypeParser(TIMESTAMPTZ_OID, 'text') as (text: string) => Date;

/**
 * A timestamptz as its ISO 8601 text, `Date.prototype.toISOString()`'s form (what the audit trail
 * hashes), without making a Date of it: as PostgreSQL writes a UTC time, to the millisecond (a
 * Date keeps no more). Any other form (a session in another time zone, a year before 1000) goes
 * through node-postgres's own parser.
 */
export function isoTimestamp(text: string): string {
  const m = UTC_TIMESTAMP.exec(text);
  if (!m) return parseDate(text).toISOString();
  return `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

/** Each value as node-postgres reads it (bigint as its decimal text, jsonb parsed), but timestamptz as ISO text. */
const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ_OID
      ? isoTimestamp
      : pgTypes.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

export interface TenantRows {
  readonly tenantId: string;
  /** The tenant's id as a SQL value: the statement's tenant predicate uses it. */
  readonly tenant: Prisma.Sql;
  /**
   * The rows, each the array of its values in the statement's column order (bigint as text,
   * timestamptz as ISO text): no object keyed by column name is built per row, which cost a
   * long read about a tenth of its CPU. A statement that does not name the tenant is refused
   * before it runs.
   */
  query<T extends readonly unknown[]>(statement: Prisma.Sql): Promise<T[]>;
}

/** Bulk reads of `tenantId`'s rows through `client`'s own pool (a client made by createDb, or scoped from one). */
export function tenantRows(client: object, tenantId: string): TenantRows {
  const pool = pools.get(client);
  if (!pool) throw new Error('this client has no bulk reader: make it with createDb');
  const { tenant } = tenantSql(client as never, tenantId);
  return {
    tenantId,
    tenant,
    query: async <T extends readonly unknown[]>(statement: Prisma.Sql) => {
      const checked = requireTenant(statement, tenantId);
      const result = await pool
        .get()
        .query({ text: checked.text, values: checked.values, types: TYPES, rowMode: 'array' });
      return result.rows as unknown as T[];
    },
  };
}
