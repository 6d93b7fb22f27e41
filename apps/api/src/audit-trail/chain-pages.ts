// A tenant's stored chain as it is read in bulk (a verification, an NDJSON export): windows of
// seq through the bulk reader (node-postgres, rows as value arrays in EVENT_COLUMNS order), the
// next window read while the caller works on this one. Not Prisma: its mapping of every value of
// every row cost more than what the callers do with the rows, and ran as one block per page on
// the event loop.
import { Prisma, tenantRows, type TenantRows } from '@portcullis/db';
import { EVENT_COLUMNS } from '@portcullis/audit-core';
import { windowedPages } from '../jobs/job-control';

const COLUMNS = Prisma.raw(EVENT_COLUMNS.map((c) => `"${c}"`).join(', '));

/**
 * The events after `after` through `upTo` (or through the last stored one), `size` seqs a window.
 * `db`: a client made by createDb, or scoped from one (its bulk reader reads the rows).
 */
export async function* chainPages(
  db: object,
  tenantId: string,
  after: bigint,
  upTo: bigint | undefined,
  size: number,
): AsyncGenerator<unknown[][]> {
  const raw = tenantRows(db, tenantId);
  yield* windowedPages(
    (from, through) =>
      raw.query<unknown[]>(Prisma.sql`
        SELECT ${COLUMNS} FROM "AuditEvent"
        WHERE "tenantId" = ${raw.tenant} AND "seq" > ${from} AND "seq" <= ${through}
        ORDER BY "seq"`),
    after,
    upTo ?? (await lastStoredSeq(raw)),
    size,
  );
}

/** Without a head (it never had an event, or someone removed the row), every stored event is read. */
async function lastStoredSeq(raw: TenantRows): Promise<bigint> {
  const [[last] = [null]] = await raw.query<[string | null]>(
    Prisma.sql`SELECT max("seq") FROM "AuditEvent" WHERE "tenantId" = ${raw.tenant}`,
  );
  return BigInt(last ?? 0);
}
