// One tenant's transaction on node-postgres directly, for the audit appends every token and
// gateway call pays for: Prisma's interactive-transaction machinery cost about 350 µs of client
// CPU for an empty transaction, and its raw-query path more per statement (bench/results/issue13).
// The runner is a TenantSql: every statement is checked by requireTenant, as tenantSql's are; rows
// come back as Prisma's $queryRaw gives them (bigint as BigInt), so code written against
// tenantSql runs unchanged on either. Hooks registered with afterCommit(sql, hook) run after COMMIT.
// tenantAutocommit: the same runner with no transaction, for a single statement (the fast append).
import { DatabaseError, types as pgTypes, type CustomTypesConfig, type QueryResult } from 'pg';
import type { Prisma } from './generated/prisma/client';
import { collectingAfterCommit } from './after-commit';
import { poolsOf } from './bulk-read';
import { DbConnectionError } from './db-error';
import { requireTenant, tenantSql, type TenantSql } from './tenant-sql';

const INT8_OID = 20;

/** node-postgres's parsers, but a bigint as a BigInt (node-postgres gives its text; Prisma a BigInt). */
const TYPES: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID ? BigInt : pgTypes.getTypeParser(oid, format)) as CustomTypesConfig['getTypeParser'],
};

/**
 * Runs `fn` in one transaction of `tenantId` on `client`'s appenders' pool (a client made by
 * createDb, or scoped from one): COMMIT when it resolves, ROLLBACK when anything throws. A failure
 * of the connection itself (no SQLSTATE from the server) is thrown as a DbConnectionError, and
 * that connection is dropped rather than handed back.
 */
export function tenantTransaction<T>(
  client: object,
  tenantId: string,
  fn: (sql: TenantSql) => Promise<T>,
): Promise<T> {
  return onTenantConnection(client, tenantId, (sql, run, conn) =>
    collectingAfterCommit(async (register) => {
      register(sql);
      await run('BEGIN');
      try {
        const result = await fn(sql);
        await run('COMMIT');
        return result;
      } catch (e) {
        // A broken connection has nothing to roll back: dropping it ends the transaction.
        if (conn.broken === undefined) await run('ROLLBACK').catch((r: unknown) => (conn.broken ??= r));
        throw e;
      }
    }),
  );
}

/**
 * Runs `fn` on one connection of the same pool, with the same checks, but no transaction around
 * it: each statement commits on its own (PostgreSQL's autocommit). For work that is one statement,
 * atomic by itself, where BEGIN and COMMIT would be two more round trips.
 */
export function tenantAutocommit<T>(
  client: object,
  tenantId: string,
  fn: (sql: TenantSql) => Promise<T>,
): Promise<T> {
  return onTenantConnection(client, tenantId, (sql) => fn(sql));
}

type Run = (text: string, values?: unknown[]) => Promise<QueryResult>;
/** What failed the connection, once something has: it is then dropped, not handed back. */
interface ConnectionState {
  broken?: unknown;
}

/** A connection of the appenders' pool for `fn`, handed back after (dropped when it broke). */
async function onTenantConnection<T>(
  client: object,
  tenantId: string,
  fn: (sql: TenantSql, run: Run, state: ConnectionState) => Promise<T>,
): Promise<T> {
  const { tenant } = tenantSql(client as never, tenantId); // checks the id, builds the same `tenant` value
  const pool = poolsOf(client).write.get();
  const conn = await pool.connect().catch((e: unknown) => {
    throw new DbConnectionError(e);
  });
  const state: ConnectionState = {};
  // Lost between two statements: without a listener the client's 'error' event would end the process.
  const onError = (e: unknown) => (state.broken ??= e);
  conn.on('error', onError);
  const run: Run = async (text, values) => {
    try {
      return await conn.query({ text, values, types: TYPES });
    } catch (e) {
      // The server's answer (a SQLSTATE) leaves the connection usable; anything else does not.
      if (!(e instanceof DatabaseError)) throw new DbConnectionError((state.broken ??= e));
      throw e;
    }
  };
  const sql: TenantSql = {
    tenantId,
    tenant,
    query: async <R>(statement: Prisma.Sql) => {
      const checked = requireTenant(statement, tenantId);
      return (await run(checked.text, checked.values)).rows as R;
    },
    execute: async (statement) => {
      const checked = requireTenant(statement, tenantId);
      return (await run(checked.text, checked.values)).rowCount ?? 0;
    },
  };
  try {
    return await fn(sql, run, state);
  } finally {
    conn.removeListener('error', onError);
    // A broken connection is destroyed (pg-pool ends it; the server rolls back what it held).
    conn.release(state.broken !== undefined);
  }
}
