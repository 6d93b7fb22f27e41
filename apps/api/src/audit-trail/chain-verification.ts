// Verifying a tenant's stored chain, a window of seq at a time: the next window is read while
// this one is hashed, and between windows the work reports progress, yields and can be stopped
// (JobControl).
import { Prisma, tenantRows, type TenantRows } from '@portcullis/db';
import {
  EVENT_COLUMNS,
  columnsFromValues,
  entryFromColumns,
  startVerification,
  type ChainAnchor,
  type VerifyResult,
} from '@portcullis/audit-core';
import { windowedPages, type JobControl } from '../jobs/job-control';

/**
 * Events a page: about 5 ms of work on the event loop at 100,000 events/s, then a yield. Larger
 * pages were no faster: more of each survives into the old generation while the next is read.
 */
const PAGE = 500;
const COLUMNS = Prisma.raw(EVENT_COLUMNS.map((c) => `"${c}"`).join(', '));

export interface StoredChain {
  tenantId: string;
  /** Signed checkpoints, read before `upTo`: none can lie beyond the head unless the tail was cut. */
  checkpoints: string[];
  jwks: unknown;
  anchor?: ChainAnchor;
  /** The head when the verification started; later events are for the next one. */
  upTo?: bigint;
}

/** Events the verification will read (for its progress and to decide where it runs). */
export function chainLength(chain: Pick<StoredChain, 'anchor' | 'upTo'>): number {
  return chain.upTo === undefined ? 0 : Math.max(0, Number(chain.upTo) - (chain.anchor?.seq ?? 0));
}

/** `db`: a client made by createDb, or scoped from one (its bulk reader reads the rows). */
export async function verifyStoredChain(
  db: object,
  chain: StoredChain,
  control: JobControl,
): Promise<VerifyResult> {
  const verifier = await startVerification({
    tenantId: chain.tenantId,
    checkpoints: chain.checkpoints,
    jwks: chain.jwks as never,
    ...(chain.anchor ? { anchor: chain.anchor } : {}),
  });
  const total = chainLength(chain);
  const raw = tenantRows(db, chain.tenantId);
  // The bulk reader, not Prisma: the rows are only hashed, and Prisma's mapping of each value
  // (findMany's models, or $queryRaw's typed values) cost more than hashing them.
  const pages = windowedPages(
    (after, through) =>
      raw.query<unknown[]>(Prisma.sql`
        SELECT ${COLUMNS} FROM "AuditEvent"
        WHERE "tenantId" = ${raw.tenant} AND "seq" > ${after} AND "seq" <= ${through}
        ORDER BY "seq"`),
    BigInt(chain.anchor?.seq ?? 0),
    chain.upTo ?? (await lastStoredSeq(raw)),
    PAGE,
  );
  let done = 0;
  for await (const rows of pages) {
    for (const row of rows) {
      if (verifier.pushEntry(entryFromColumns(columnsFromValues(row)))) return verifier.finish(); // the verdict is known
    }
    done += rows.length;
    await control.page(done, total);
  }
  return verifier.finish();
}

/** Without a head (it never had an event, or someone removed the row), every stored event is read. */
async function lastStoredSeq(raw: TenantRows): Promise<bigint> {
  const [[last] = [null]] = await raw.query<[string | null]>(
    Prisma.sql`SELECT max("seq") FROM "AuditEvent" WHERE "tenantId" = ${raw.tenant}`,
  );
  return BigInt(last ?? 0);
}
