// The verification state machine. Events are pushed in seq order, synchronously, so a caller
// can feed it from an array, a stream, a file or a database cursor in batches without a
// promise per event. Holds the last two hashes and the (few) signed checkpoints, nothing else.
import type { CheckpointSet } from './checkpoint-set';
import { type ChainEntry, type EventRecord, entryFromObject } from './entry';
import { GENESIS_HASH, computeEventHash } from './hash';
import type { ChainAnchor, ChainProblem, VerifyResult } from './verify-types';

// How far past a broken event the verifier reads to tell "moved" from "gone".
const LOOKAHEAD = 10_000;
// How many positions around a tampered event are tried to see where it was sealed.
const ORIGIN_WINDOW = 64;

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

// A break whose kind depends on what comes next: look ahead, then settle on one verdict.
type Pending =
  | { kind: 'tampered'; entry: ChainEntry; seq: number }
  | {
      kind: 'scan';
      match: (e: ChainEntry) => boolean;
      left: number;
      found: VerifyResult;
      notFound: VerifyResult;
    };

export class ChainVerifier {
  private readonly start: number;
  private prevHash: string;
  private prevPrevHash: string | undefined;
  private expected: number;
  private lastCheckpointSeq: number | undefined;
  private tenantId: string | undefined;
  private verdict: VerifyResult | undefined;
  private pending: Pending | undefined;

  constructor(
    private readonly cps: CheckpointSet,
    private readonly anchor: ChainAnchor | undefined,
  ) {
    this.start = anchor?.seq ?? 0;
    this.prevHash = anchor?.hash ?? GENESIS_HASH;
    this.expected = this.start + 1;
    this.tenantId = cps.tenantId;
    if (anchor) {
      const cp = cps.bySeq.get(anchor.seq);
      if (!cp)
        this.verdict = this.fail(
          anchor.seq + 1,
          'bad_checkpoint',
          `anchor at seq ${anchor.seq} is not covered by a signed checkpoint`,
        );
      else if (cp.headHash !== anchor.hash)
        this.verdict = this.fail(
          anchor.seq + 1,
          'checkpoint_mismatch',
          `anchor hash at seq ${anchor.seq} differs from the signed checkpoint`,
        );
      // A plain checkpoint proves the events existed, not that retention removed them.
      else if (!cps.retainedThrough.has(anchor.seq))
        this.verdict = this.fail(
          anchor.seq + 1,
          'deleted',
          `events up to seq ${anchor.seq} are gone but no signed retention checkpoint says retention removed them`,
        );
      else this.lastCheckpointSeq = anchor.seq;
    } else {
      const genesis = cps.bySeq.get(0);
      if (genesis && genesis.headHash !== GENESIS_HASH)
        this.verdict = this.fail(
          1,
          'checkpoint_mismatch',
          'the checkpoint at seq 0 does not carry the genesis hash',
        );
    }
  }

  /** Settles the verdict before any event (a bad checkpoint found up front). */
  failWith(seq: number | undefined, problem: ChainProblem, message: string): this {
    this.verdict = { ...this.fail(seq ?? 0, problem, message), firstBrokenSeq: seq, verifiedCount: 0 };
    return this;
  }

  /** True once the verdict is known: stop pushing and call finish(). */
  get done(): boolean {
    return this.verdict !== undefined;
  }

  /** Pushes the next event object. Returns true once the verdict is known. */
  push(event: unknown): boolean {
    return this.pushEntry(entryFromObject(event));
  }

  pushEntry(entry: ChainEntry): boolean {
    if (this.verdict) return true;
    if (this.pending) return this.resolvePending(entry);
    const seq = entry.seq;
    if (seq === undefined)
      return this.stop(
        this.expected,
        'modified',
        `the event after seq ${this.expected - 1} is unreadable or has no valid seq`,
      );
    if (typeof entry.tenantId !== 'string')
      return this.stop(seq, 'modified', `event seq ${seq} has no tenantId`);
    this.tenantId ??= entry.tenantId;
    if (entry.tenantId !== this.tenantId)
      return this.stop(
        seq,
        'inserted',
        `event seq ${seq} belongs to tenant ${String(entry.tenantId)}, not ${this.tenantId}`,
      );

    const expected = this.expected;
    if (seq < expected) {
      return this.stop(
        seq,
        'inserted',
        seq <= this.start
          ? `event seq ${seq} precedes the anchor at seq ${this.start}`
          : `two events claim seq ${seq}`,
      );
    }
    if (seq > expected) {
      const gone =
        expected === seq - 1
          ? `event seq ${expected} is missing`
          : `events seq ${expected}..${seq - 1} are missing`;
      return this.lookAhead(
        (e) => e.seq === expected,
        this.fail(
          expected,
          'reordered',
          `events out of order: expected seq ${expected}, found seq ${seq}; seq ${expected} comes later`,
        ),
        this.fail(expected, 'deleted', gone),
      );
    }

    const selfOk = entry.selfOk();
    const linkOk = entry.prevHash === this.prevHash;
    if (!selfOk || !linkOk) {
      if (!linkOk && this.prevPrevHash !== undefined && entry.prevHash === this.prevPrevHash) {
        return this.stop(
          seq - 1,
          'inserted',
          `event seq ${seq - 1} was inserted: seq ${seq} links to seq ${seq - 2}`,
        );
      }
      if (!selfOk) {
        // Wait for the next event: a forged twin with the same seq is an insertion.
        this.pending = { kind: 'tampered', entry, seq };
        return false;
      }
      if (seq === this.start + 1)
        return this.stop(
          seq,
          'modified',
          `event seq ${seq} does not link to ${this.anchor ? 'the anchor' : 'the genesis hash'}`,
        );
      return this.stop(
        seq - 1,
        'modified',
        `event seq ${seq - 1} was altered and re-hashed: seq ${seq} no longer links to it`,
      );
    }

    const cp = this.cps.bySeq.get(seq);
    if (cp) {
      if (cp.headHash !== entry.hash) {
        const from = (this.lastCheckpointSeq ?? this.start) + 1;
        return this.stop(
          from,
          'checkpoint_mismatch',
          `events do not match the signed checkpoint at seq ${seq}: the chain was rewritten between seq ${from} and ${seq}`,
        );
      }
      this.lastCheckpointSeq = seq;
    }
    this.prevPrevHash = this.prevHash;
    this.prevHash = entry.hash as string;
    this.expected++;
    return false;
  }

  /** The verdict, once the input has ended (or push returned true). */
  finish(): VerifyResult {
    if (this.pending) this.resolvePending(undefined);
    if (this.verdict) return this.verdict;
    const last = this.expected - 1;
    const maxSeq = this.cps.maxSeq;
    if (maxSeq !== undefined && maxSeq > last) {
      return this.fail(
        last + 1,
        'truncated',
        `the chain ends at seq ${last} but a signed checkpoint covers seq ${maxSeq}: the tail was cut`,
      );
    }
    return this.ok(last);
  }

  private resolvePending(next: ChainEntry | undefined): boolean {
    const p = this.pending as Pending;
    if (p.kind === 'scan') {
      if (next && p.match(next)) return this.settle(p.found);
      if (!next || --p.left <= 0) return this.settle(p.notFound);
      return false;
    }
    this.pending = undefined;
    const { entry, seq } = p;
    if (next?.seq === seq) return this.stop(seq, 'inserted', `two events claim seq ${seq}`);
    const ev = entry.event();
    const origin = ev ? sealedSeqNear(ev, seq) : undefined;
    if (origin === undefined)
      return this.stop(
        seq,
        'modified',
        `event seq ${seq} was modified: its content no longer matches its hash`,
      );
    const moved = this.fail(seq, 'reordered', `event sealed as seq ${origin} was found at seq ${seq}`);
    if (origin < seq) return this.settle(moved);
    // Sealed further on: either swapped with a row that still comes later, or renumbered down
    // after rows were deleted. The row it followed tells them apart.
    const original = entry.prevHash;
    const renumbered = this.fail(
      seq,
      'deleted',
      `events from seq ${seq} were deleted and later events renumbered (seq ${origin} now claims seq ${seq})`,
    );
    this.lookAhead((e) => e.hash === original, moved, renumbered);
    return this.resolvePending(next);
  }

  private lookAhead(match: (e: ChainEntry) => boolean, found: VerifyResult, notFound: VerifyResult): boolean {
    this.pending = { kind: 'scan', match, left: LOOKAHEAD, found, notFound };
    return false;
  }

  private settle(result: VerifyResult): true {
    this.pending = undefined;
    this.verdict = result;
    return true;
  }

  private stop(seq: number, problem: ChainProblem, message: string): true {
    return this.settle(this.fail(seq, problem, message));
  }

  private fail(seq: number, problem: ChainProblem, message: string): VerifyResult {
    return {
      ok: false,
      verifiedCount: Math.max(0, seq - 1 - this.start),
      firstBrokenSeq: seq,
      problem,
      message,
      checkpointCount: this.cps.count,
      lastCheckpointSeq: this.lastCheckpointSeq,
    };
  }

  private ok(last: number): VerifyResult {
    const count = last - this.start;
    const cpCount = this.cps.count;
    const lastCp = this.lastCheckpointSeq;
    const range = count > 0 ? ` (seq ${this.start + 1}..${last})` : '';
    let note = '';
    if (cpCount === 0) note = '; no signed checkpoint, so a cut tail or a full rewrite cannot be ruled out';
    else if (lastCp !== undefined && lastCp < last)
      note = `; events after seq ${lastCp} are not yet covered by a checkpoint`;
    return {
      ok: true,
      verifiedCount: count,
      message: `${count} events verified${range}, ${cpCount} checkpoint${cpCount === 1 ? '' : 's'}${note}`,
      headSeq: count > 0 ? last : undefined,
      headHash: count > 0 ? this.prevHash : undefined,
      checkpointCount: cpCount,
      lastCheckpointSeq: lastCp,
    };
  }
}
