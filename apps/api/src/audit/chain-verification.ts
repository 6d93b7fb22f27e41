// Verifying a tenant's stored chain, a page at a time: the next page is read while this one is
// hashed, and between pages the work reports progress, yields and can be stopped (JobControl).
import type { Db } from '@portcullis/db';
import { startVerification, type ChainAnchor, type VerifyResult } from '@portcullis/audit-core';
import { prefetchedPages, type JobControl } from '../jobs/job-control';
import { fromRow } from './audit.store';

const PAGE = 2000;

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

export async function verifyStoredChain(db: Db, chain: StoredChain, control: JobControl): Promise<VerifyResult> {
  const verifier = await startVerification({
    tenantId: chain.tenantId,
    checkpoints: chain.checkpoints,
    jwks: chain.jwks as never,
    ...(chain.anchor ? { anchor: chain.anchor } : {}),
  });
  const total = chainLength(chain);
  const { tenantId, upTo } = chain;
  const pages = prefetchedPages(
    (after) =>
      db.auditEvent.findMany({
        where: { tenantId, seq: { gt: after, ...(upTo !== undefined ? { lte: upTo } : {}) } },
        orderBy: { seq: 'asc' },
        take: PAGE,
      }),
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
