// Chain verification: one streaming pass over events in seq order, holding only the last two
// hashes and the (few) signed checkpoints. Stops at the first break and names its seq.
import { type CheckpointSet, isCheckpointFailure, loadCheckpoints } from './checkpoint-set';
import type { JwksInput } from './checkpoint';
import { type ChainEntry, type EventRecord, entryFromObject } from './entry';
import { GENESIS_HASH, computeEventHash } from './hash';
import { type AnyIterable, Reader } from './iter';

export type ChainProblem = 'modified' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'bad_checkpoint' | 'checkpoint_mismatch';

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
  /** Start of a retained tail; must itself be covered by a signed checkpoint at anchor.seq. */
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
  /** Last event read, when ok. */
  headSeq?: number;
  headHash?: string;
  /** Checkpoint signatures verified. */
  checkpointCount: number;
  /** Highest checkpoint whose head hash matched the chain (or the anchor). */
  lastCheckpointSeq?: number;
}

// How far past a broken event the verifier reads to tell "moved" from "gone".
const LOOKAHEAD = 10_000;
// How many positions around a tampered event are tried to see where it was sealed.
const ORIGIN_WINDOW = 64;

type Fail = (seq: number, problem: ChainProblem, message: string) => VerifyResult;

/** The seq an event was originally sealed at, if it is near its claimed seq (a moved row). */
function sealedSeqNear(ev: EventRecord, seq: number): number | undefined {
  const prevHash = ev['prevHash'];
  if (typeof prevHash !== 'string') return undefined;
  for (let d = 1; d <= ORIGIN_WINDOW; d++) {
    for (const s of [seq + d, seq - d]) {
      if (s >= 1 && computeEventHash(prevHash, { ...ev, seq: s }) === ev['hash']) return s;
    }
  }
  return undefined;
}

/**
 * Verifies a tenant's chain: each event's hash, its link to the previous event, gap-free
 * numbering, and agreement with every signed checkpoint (including one beyond the last
 * event, which means the tail was cut). Events must come in seq order; only the last two
 * hashes are held, so memory does not grow with the input. Throws TypeError only for
 * unusable options (checkpoints without a JWKS, a malformed anchor).
 */
export function verifyChain(events: AnyIterable<unknown>, options: VerifyOptions = {}): Promise<VerifyResult> {
  return verifyEntries(events, entryFromObject, options);
}

/** verifyChain over any source that can be read as chain entries (objects or export lines). */
export async function verifyEntries<S>(source: AnyIterable<S>, toEntry: (item: S) => ChainEntry, options: VerifyOptions): Promise<VerifyResult> {
  const anchor = options.anchor;
  if (anchor && (!Number.isSafeInteger(anchor.seq) || anchor.seq < 1 || !/^[0-9a-f]{64}$/.test(anchor.hash))) {
    throw new TypeError('anchor must be { seq: positive integer, hash: hex SHA-256 }');
  }
  const loaded = await loadCheckpoints(options.checkpoints ?? [], options.jwks, options.tenantId);
  if (isCheckpointFailure(loaded)) {
    return { ok: false, verifiedCount: 0, firstBrokenSeq: loaded.seq, problem: loaded.problem, message: loaded.message, checkpointCount: 0 };
  }
  const reader = new Reader(source, toEntry);
  try {
    return await walk(reader, loaded, anchor);
  } finally {
    await reader.close();
  }
}

async function walk<S>(reader: Reader<S, ChainEntry>, cps: CheckpointSet, anchor: ChainAnchor | undefined): Promise<VerifyResult> {
  const start = anchor?.seq ?? 0;
  let prevHash = anchor?.hash ?? GENESIS_HASH;
  let prevPrevHash: string | undefined;
  let expected = start + 1;
  let lastCheckpointSeq: number | undefined;
  let tenantId = cps.tenantId;

  const fail: Fail = (seq, problem, message) => ({
    ok: false,
    verifiedCount: Math.max(0, seq - 1 - start),
    firstBrokenSeq: seq,
    problem,
    message,
    checkpointCount: cps.count,
    lastCheckpointSeq,
  });

  if (anchor) {
    const cp = cps.bySeq.get(anchor.seq);
    if (!cp) return fail(anchor.seq + 1, 'bad_checkpoint', `anchor at seq ${anchor.seq} is not covered by a signed checkpoint`);
    if (cp.headHash !== anchor.hash) return fail(anchor.seq + 1, 'checkpoint_mismatch', `anchor hash at seq ${anchor.seq} differs from the signed checkpoint`);
    lastCheckpointSeq = anchor.seq;
  } else {
    const genesis = cps.bySeq.get(0);
    if (genesis && genesis.headHash !== GENESIS_HASH) return fail(1, 'checkpoint_mismatch', 'the checkpoint at seq 0 does not carry the genesis hash');
  }

  for (let r = await reader.next(); !r.done; r = await reader.next()) {
    const entry = r.value;
    const seq = entry.seq;
    if (seq === undefined) return fail(expected, 'modified', `the event after seq ${expected - 1} is unreadable or has no valid seq`);
    tenantId ??= String(entry.tenantId);
    if (entry.tenantId !== tenantId) return fail(seq, 'inserted', `event seq ${seq} belongs to tenant ${String(entry.tenantId)}, not ${tenantId}`);

    if (seq < expected) {
      if (seq <= start) return fail(seq, 'inserted', `event seq ${seq} precedes the anchor at seq ${start}`);
      return fail(seq, 'inserted', `two events claim seq ${seq}`);
    }
    if (seq > expected) {
      const missing = expected;
      const later = await reader.scan(LOOKAHEAD, (e) => e.seq === missing);
      return later
        ? fail(missing, 'reordered', `events out of order: expected seq ${missing}, found seq ${seq}; seq ${missing} comes later`)
        : fail(missing, 'deleted', missing === seq - 1 ? `event seq ${missing} is missing` : `events seq ${missing}..${seq - 1} are missing`);
    }

    const selfOk = entry.selfOk();
    const linkOk = entry.prevHash === prevHash;
    if (!selfOk || !linkOk) {
      if (!linkOk && prevPrevHash !== undefined && entry.prevHash === prevPrevHash) {
        return fail(seq - 1, 'inserted', `event seq ${seq - 1} was inserted: seq ${seq} links to seq ${seq - 2}`);
      }
      if (!selfOk) return classifyTampered(reader, entry, seq, fail);
      if (seq === start + 1) return fail(seq, 'modified', `event seq ${seq} does not link to ${anchor ? 'the anchor' : 'the genesis hash'}`);
      return fail(seq - 1, 'modified', `event seq ${seq - 1} was altered and re-hashed: seq ${seq} no longer links to it`);
    }

    const cp = cps.bySeq.get(seq);
    if (cp) {
      if (cp.headHash !== entry.hash) {
        const from = (lastCheckpointSeq ?? start) + 1;
        return fail(from, 'checkpoint_mismatch', `events do not match the signed checkpoint at seq ${seq}: the chain was rewritten between seq ${from} and ${seq}`);
      }
      lastCheckpointSeq = seq;
    }
    prevPrevHash = prevHash;
    prevHash = entry.hash as string;
    expected++;
  }

  const last = expected - 1;
  if (cps.maxSeq !== undefined && cps.maxSeq > last) {
    return fail(last + 1, 'truncated', `the chain ends at seq ${last} but a signed checkpoint covers seq ${cps.maxSeq}: the tail was cut`);
  }
  return okResult(last - start, start, last, prevHash, cps.count, lastCheckpointSeq);
}

// The entry's own hash does not match its content. Say whether it was edited in place,
// moved from another seq, or shares its seq with a forged neighbour.
async function classifyTampered<S>(reader: Reader<S, ChainEntry>, entry: ChainEntry, seq: number, fail: Fail): Promise<VerifyResult> {
  const next = await reader.peek();
  if (!next.done && next.value.seq === seq) return fail(seq, 'inserted', `two events claim seq ${seq}`);
  const ev = entry.event();
  const origin = ev ? sealedSeqNear(ev, seq) : undefined;
  if (origin !== undefined && origin > seq) {
    // Sealed further on: either swapped with a row that still comes later, or renumbered
    // down after rows were deleted.
    const original = entry.prevHash;
    const moved = await reader.scan(LOOKAHEAD, (e) => e.hash === original);
    return moved
      ? fail(seq, 'reordered', `event sealed as seq ${origin} was found at seq ${seq}`)
      : fail(seq, 'deleted', `events from seq ${seq} were deleted and later events renumbered (seq ${origin} now claims seq ${seq})`);
  }
  if (origin !== undefined) return fail(seq, 'reordered', `event sealed as seq ${origin} was found at seq ${seq}`);
  return fail(seq, 'modified', `event seq ${seq} was modified: its content no longer matches its hash`);
}

function okResult(count: number, start: number, last: number, head: string, cpCount: number, lastCp: number | undefined): VerifyResult {
  const range = count > 0 ? ` (seq ${start + 1}..${last})` : '';
  let note = '';
  if (cpCount === 0) note = '; no signed checkpoint, so a cut tail or a full rewrite cannot be ruled out';
  else if (lastCp !== undefined && lastCp < last) note = `; events after seq ${lastCp} are not yet covered by a checkpoint`;
  return {
    ok: true,
    verifiedCount: count,
    message: `${count} events verified${range}, ${cpCount} checkpoint${cpCount === 1 ? '' : 's'}${note}`,
    headSeq: count > 0 ? last : undefined,
    headHash: count > 0 ? head : undefined,
    checkpointCount: cpCount,
    lastCheckpointSeq: lastCp,
  };
}
