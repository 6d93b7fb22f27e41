// Verifying a tenant's stored chain, a page at a time: the next page is read while this one is
// hashed, and between pages the work reports progress, yields and can be stopped (JobControl).
import { Prisma, tenantSql, type RawSqlRunner } from '@portcullis/db';
import { startVerification, type ChainAnchor, type VerifyResult } from '@portcullis/audit-core';
import { prefetchedPages, type JobControl } from '../jobs/job-control';
import { fromRow } from '../audit/audit.store';

/** Events a page: about 20 ms of work on the event loop at 100,000 events/s, then a yield. */
const PAGE = 2000;
const MAX_SEQ = 2n ** 63n - 1n;
const COLUMNS = Prisma.raw(
  [
    'id',
    'tenantId',
    'seq',
    'time',
    'actorType',
    'actorId',
    'actorLabel',
    'action',
    'targetType',
    'targetId',
    'targetLabel',
    'outcome',
    'reason',
    'requestId',
    'ip',
    'country',
    'details',
    'prevHash',
    'hash',
  ]
    .map((c) => `"${c}"`)
    .join(', '),
);
type StoredRow = Parameters<typeof fromRow>[0];

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

export async function verifyStoredChain(
  db: RawSqlRunner,
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
  const raw = tenantSql(db, chain.tenantId);
  const upTo = chain.upTo ?? MAX_SEQ;
  // Raw SQL, not findMany: the rows are only hashed, and Prisma's model mapping cost about half
  // again as much as the query itself (measured through both databases).
  const pages = prefetchedPages(
    (after) =>
      raw.query<StoredRow[]>(Prisma.sql`
        SELECT ${COLUMNS} FROM "AuditEvent"
        WHERE "tenantId" = ${raw.tenant} AND "seq" > ${after} AND "seq" <= ${upTo}
        ORDER BY "seq" LIMIT ${PAGE}`),
    PAGE,
  );
  let done = 0;
  for await (const rows of pages) {
    for (const row of rows) {
      if (verifier.push(fromRow(row))) return verifier.finish(); // the verdict is known
    }
    done += rows.length;
    await control.page(done, total);
  }
  return verifier.finish();
}
