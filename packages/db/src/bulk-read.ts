// Long reads of one tenant's rows (a chain verification reads every event) on node-postgres
// directly. Prisma's raw-query path maps every value of every row into its own representation
// and back: about a third of a verification's CPU, and most of its garbage. The statement is
// checked exactly as tenantSql checks it, so a bulk read cannot forget its tenant either.
import { types as pgTypes, type CustomTypesConfig } from 'pg';
import type { Prisma } from './generated/prisma/client';
import type { LazyPool } from './adapter';
import { tenantSql, requireTenant } from './tenant-sql';

/** A client's own node-postgres pools: the bulk readers' and the appenders' (./tenant-transaction). */
export interface ClientPools {
  bulk: LazyPool;
  write: LazyPool;
}

const pools = new WeakMap<object, ClientPools>();

/** Gives `client` (and the scoped clients made from it, see scopedDb) its node-postgres pools. */
export function attachPools(client: object, clientPools: ClientPools): void {
  pools.set(client, clientPools);
}

/** A scoped client reads and appends through its base client's pools. */
export function inheritPools(from: object, to: object): void {
  const found = pools.get(from);
  if (found) pools.set(to, found);
}

/** `client`'s pools (a client made by createDb, or scoped from one). */
export function poolsOf(client: object): ClientPools {
  const found = pools.get(client);
  if (!found) throw new Error('this client has no node-postgres pool: make it with createDb');
  return found;
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
  const pool = poolsOf(client).bulk;
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
