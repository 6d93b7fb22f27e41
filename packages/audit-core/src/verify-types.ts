import type { JwksInput } from './checkpoint';

export type ChainProblem =
  'modified' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'bad_checkpoint' | 'checkpoint_mismatch';

export interface ChainAnchor {
  /** Seq of the last event deleted by retention; the retained chain starts at seq + 1. */
  seq: number;
  /** Hash of that event, which the first retained event's prevHash must equal. */
  hash: string;
}

export interface VerifyOptions {
  /** Signed checkpoints (compact JWS). Required to catch a truncated tail or a full rewrite. */
  checkpoints?: Iterable<string>;
  /** The tenant's public keys, needed as soon as there is a checkpoint. */
  jwks?: JwksInput;
  /** Start of a retained tail; must be covered by a signed retention checkpoint at anchor.seq. */
  anchor?: ChainAnchor;
  /** Expected tenant; defaults to the checkpoints' tenant, then the first event's. */
  tenantId?: string;
}

export interface VerifyResult {
  ok: boolean;
  /** Events proven good: all of them when ok, those before firstBrokenSeq otherwise. */
  verifiedCount: number;
  firstBrokenSeq?: number;
  problem?: ChainProblem;
  message: string;
  /** Last event read, when ok and not empty. */
  headSeq?: number;
  headHash?: string;
  /** Checkpoint signatures verified. */
  checkpointCount: number;
  /** Highest checkpoint whose head hash matched the chain (or the anchor). */
  lastCheckpointSeq?: number;
}
