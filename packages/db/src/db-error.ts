// What the database really said. Prisma's driver adapters put PostgreSQL's error under
// meta.driverAdapterError.cause (and some paths print "Raw query failed. Code: N/A. Message:
// undefined" in the message itself); node-postgres errors carry it directly.
export interface DbErrorInfo {
  /** SQLSTATE, when the database answered. */
  code?: string;
  message: string;
  detail?: string;
}

type Loose = { [key: string]: unknown } | undefined;

const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function describeDbError(error: unknown): DbErrorInfo {
  // Its cause may carry a SQLSTATE (a server starting up refusing the connection): not the statement's.
  if (error instanceof DbConnectionError) return { code: error.code, message: error.message };
  const e = error as Loose;
  const adapter = ((e?.['meta'] as Loose)?.['driverAdapterError'] as Loose)?.['cause'] as Loose;
  const cause = e?.['cause'] as Loose;
  for (const source of [adapter, cause, e]) {
    // A Node system error (EPIPE, say: five letters too) is the socket's, not the database's answer.
    if (typeof source?.['syscall'] === 'string') continue;
    const code = str(source?.['originalCode']) ?? str(source?.['code']);
    const message = str(source?.['originalMessage']) ?? str(source?.['message']);
    // A SQLSTATE is five characters; Prisma's own codes (P2010) are not the database's.
    if (code && /^[0-9A-Z]{5}$/.test(code) && !/^P[1-5]\d{3}$/.test(code) && message) {
      const detail = str(source?.['detail']);
      return { code, message, ...(detail ? { detail } : {}) };
    }
  }
  return { message: error instanceof Error ? error.message : String(error) };
}

/**
 * The connection failed (could not be had, was lost, or a statement never answered): node-postgres
 * gives such a failure no SQLSTATE, so it is given class 08's (connection_failure), and is never
 * taken for the database refusing the statement. `cause` is node-postgres's own error.
 */
export class DbConnectionError extends Error {
  readonly code = '08006';
  constructor(cause: unknown) {
    super(`database connection failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

// Classes that say nothing about the statement itself: connection (08), transaction rollback
// such as serialization or deadlock (40), resources (53), operator intervention such as a
// shutdown (57), and a lock not available (55P03).
const TRANSIENT = /^(08|40|53|57)|^55P03$/;

/** Whether the database refused this statement (retrying the same input would fail again). */
export function isRefusal(info: DbErrorInfo): boolean {
  return info.code !== undefined && !TRANSIENT.test(info.code);
}
