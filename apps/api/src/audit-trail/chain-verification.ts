// Verifying a tenant's stored chain, a window of seq at a time: the next window is read while
// this one is hashed, and between windows the work reports progress, yields and can be stopped
// (JobControl).
import {
  columnsFromValues,
  entryFromColumns,
  startVerification,
  type ChainAnchor,
  type VerifyResult,
} from '@portcullis/audit-core';
import type { JobControl } from '../jobs/job-control';
import { chainPages } from './chain-pages';

/**
 * Events a page: about 5 ms of work on the event loop at 100,000 events/s, then a yield. Larger
 * pages were no faster: more of each survives into the old generation while the next is read.
 */
const PAGE = 500;

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
  const pages = chainPages(db, chain.tenantId, BigInt(chain.anchor?.seq ?? 0), chain.upTo, PAGE);
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
