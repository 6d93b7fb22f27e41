// The verifier's view of the signed checkpoints: every signature checked up front, then a
// seq -> head hash map the event pass consults. Checkpoints are few (one per many events),
// so holding them keeps memory independent of the number of events.
import {
  CheckpointError,
  type JwksInput,
  type VerifiedCheckpoint,
  checkpointKeyResolver,
  verifyCheckpoint,
} from './checkpoint';

export interface CheckpointSet {
  bySeq: Map<number, VerifiedCheckpoint>;
  /** Seqs up to which a signed retention checkpoint says events were removed. */
  retainedThrough: Set<number>;
  maxSeq: number | undefined;
  count: number;
  tenantId: string | undefined;
}

export type CheckpointFailure = {
  seq: number | undefined;
  problem: 'bad_checkpoint' | 'checkpoint_mismatch';
  message: string;
};

export async function loadCheckpoints(
  jwsList: Iterable<string>,
  jwks: JwksInput | undefined,
  tenantId: string | undefined,
): Promise<CheckpointSet | CheckpointFailure> {
  // The same token from two sources (the export and a sink's copy) counts once.
  const list = [...new Set(jwsList)];
  const set: CheckpointSet = {
    bySeq: new Map(),
    retainedThrough: new Set(),
    maxSeq: undefined,
    count: 0,
    tenantId,
  };
  if (list.length === 0) return set;
  // Without keys a checkpoint proves nothing, and silently skipping it would hide a rewrite.
  if (!jwks) throw new TypeError('checkpoints given without a JWKS to verify them');
  const keys = checkpointKeyResolver(jwks);
  for (const jws of list) {
    let cp: VerifiedCheckpoint;
    try {
      cp = await verifyCheckpoint(jws, keys);
    } catch (err) {
      if (!(err instanceof CheckpointError)) throw err;
      return { seq: err.claimedSeq, problem: 'bad_checkpoint', message: err.message };
    }
    set.tenantId ??= cp.tenantId;
    if (cp.tenantId !== set.tenantId) {
      return {
        seq: cp.seq,
        problem: 'bad_checkpoint',
        message: `checkpoint at seq ${cp.seq} is for tenant ${cp.tenantId}, not ${set.tenantId}`,
      };
    }
    const same = set.bySeq.get(cp.seq);
    if (same && same.headHash !== cp.headHash) {
      return {
        seq: cp.seq,
        problem: 'checkpoint_mismatch',
        message: `two signed checkpoints disagree on the head hash at seq ${cp.seq}`,
      };
    }
    set.bySeq.set(cp.seq, cp);
    if (cp.kind === 'retention') set.retainedThrough.add(cp.seq);
    set.maxSeq = Math.max(set.maxSeq ?? cp.seq, cp.seq);
    set.count++;
  }
  return set;
}

export function isCheckpointFailure(v: CheckpointSet | CheckpointFailure): v is CheckpointFailure {
  return 'problem' in v;
}
