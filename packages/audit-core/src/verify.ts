// Chain verification entry points: one streaming pass over events in seq order that stops at
// the first break and names its seq. The rules live in verifier.ts.
import { isCheckpointFailure, loadCheckpoints } from './checkpoint-set';
import type { ChainEntry } from './entry';
import { entryFromObject } from './entry';
import type { AnyIterable } from './iter';
import { ChainVerifier } from './verifier';
import type { VerifyOptions, VerifyResult } from './verify-types';

export type { ChainAnchor, ChainProblem, VerifyOptions, VerifyResult } from './verify-types';
export { ChainVerifier } from './verifier';

const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Checks the options and every checkpoint signature, and returns a verifier to push events
 * into (`push(event)` until it returns true, then `finish()`), for callers that read events
 * in their own batches, such as a database cursor. Throws TypeError for unusable options
 * (checkpoints without a JWKS, a malformed anchor).
 */
export async function startVerification(options: VerifyOptions = {}): Promise<ChainVerifier> {
  const anchor = options.anchor;
  if (anchor && (!Number.isSafeInteger(anchor.seq) || anchor.seq < 1 || !HEX64.test(anchor.hash))) {
    throw new TypeError('anchor must be { seq: positive integer, hash: hex SHA-256 }');
  }
  const loaded = await loadCheckpoints(options.checkpoints ?? [], options.jwks, options.tenantId);
  if (isCheckpointFailure(loaded)) {
    const failed = new ChainVerifier(
      { bySeq: new Map(), retainedThrough: new Set(), maxSeq: undefined, count: 0, tenantId: undefined },
      undefined,
    );
    return failed.failWith(loaded.seq, loaded.problem, loaded.message);
  }
  return new ChainVerifier(loaded, anchor);
}

/** Pushes `source` through the verifier, closing the source early once the verdict is known. */
export async function drive<S>(
  verifier: ChainVerifier,
  source: AnyIterable<S>,
  toEntry: (item: S) => ChainEntry,
): Promise<VerifyResult> {
  if (!verifier.done) {
    if (Symbol.asyncIterator in source) {
      for await (const item of source) if (verifier.pushEntry(toEntry(item))) break;
    } else {
      for (const item of source) if (verifier.pushEntry(toEntry(item))) break;
    }
  }
  return verifier.finish();
}

/**
 * Verifies a tenant's chain: each event's hash, its link to the previous event, gap-free
 * numbering, and agreement with every signed checkpoint (including one beyond the last
 * event, which means the tail was cut). Events must come in seq order; memory does not grow
 * with their number. Throws TypeError only for unusable options.
 */
export async function verifyChain(
  events: AnyIterable<unknown>,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  return drive(await startVerification(options), events, entryFromObject);
}
