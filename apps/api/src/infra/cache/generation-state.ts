// What one node knows of the cluster's tenant generations, and the rule that decides whether a
// cached entry may still be served. Pure: no I/O, the clock is passed in, so the guarantee is
// tested deterministically (generation-state.test.ts).
//
// The model. Every change to what the hot path reads is committed to the database first, then
// "bumped" in Redis: one atomic script increments a cluster-wide sequence and records it as the
// tenant's generation. So a generation is a point in one total order of changes, and a node that
// has learned sequence s (by pub/sub, by its poll, or by bumping itself) and then starts a
// database read sees every change numbered s or less (each was committed before its bump, and
// its bump came before s's in Redis). An entry is therefore stamped, when its load starts, with
// the highest sequence the node knew; it is current while its tenant has no later generation.
//
// Freshness is also bounded in time: the node serves an entry only while it confirmed its view
// against Redis (a successful poll) within `maxStalenessMs`, or loaded the entry within that
// window. A node that cannot reach Redis therefore reads through to the database at most once
// per key per window instead of trusting what it holds, and a change is enforced everywhere
// within `maxStalenessMs` of its bump, whatever happened to pub/sub messages or to Redis.

/** Taken when a load starts. */
export interface Stamp {
  /** The node's flush count: a flush (new Redis epoch, return from an outage) retires every entry. */
  flush: number;
  /** The highest sequence the node knew. */
  seq: number;
  /** When the load started (ms). */
  at: number;
}

/** One poll's answer: the Redis epoch, the current sequence, and tenants changed after the cursor. */
export interface PollResult {
  epoch: string;
  seq: number;
  changed: [tenantId: string, seq: number][];
}

export type FlushReason = 'start' | 'epoch' | 'outage' | 'local';

export class GenerationState {
  private epoch: string | undefined;
  /** Poll cursor: advanced by polls only (a pub/sub message may have skipped lost ones). */
  private cursor = 0;
  private maxSeen = 0;
  private flushes = 0;
  private confirmedAt = Number.NEGATIVE_INFINITY;
  /** Until the first successful poll, and after any failed one: a success then flushes. */
  private blind = true;
  private readonly generations = new Map<string, number>();

  constructor(
    readonly maxStalenessMs: number,
    private readonly onFlush: (reason: FlushReason) => void = () => undefined,
  ) {}

  stamp(now: number): Stamp {
    return { flush: this.flushes, seq: this.maxSeen, at: now };
  }

  /**
   * May an entry stamped `stamp`, belonging to `tenantId` (null: unknown, e.g. a lookup that
   * found nothing, which any change may alter), be served at `now`?
   */
  isCurrent(stamp: Stamp, tenantId: string | null, now: number): boolean {
    if (stamp.flush !== this.flushes) return false;
    if (now - Math.max(this.confirmedAt, stamp.at) >= this.maxStalenessMs) return false;
    if (tenantId === null) return stamp.seq >= this.maxSeen;
    return (this.generations.get(tenantId) ?? 0) <= stamp.seq;
  }

  /** The cursor to poll from. */
  get pollCursor(): number {
    return this.cursor;
  }

  get knownEpoch(): string | undefined {
    return this.epoch;
  }

  /** The highest sequence this node knows (exposed as a metric: compare across nodes). */
  get sequence(): number {
    return this.maxSeen;
  }

  /** Age of the last confirmation at `now` (Infinity before the first). */
  confirmedAge(now: number): number {
    return now - this.confirmedAt;
  }

  /** A poll sent at `sentAt` answered. */
  applyPoll(result: PollResult, sentAt: number): void {
    if (this.epoch !== result.epoch || this.blind) {
      // A new epoch means Redis lost its data: numbering restarted, so nothing learned before
      // compares. After an outage, changes may have committed whose bump never reached Redis.
      const reason: FlushReason =
        this.epoch === undefined ? 'start' : this.epoch !== result.epoch ? 'epoch' : 'outage';
      this.epoch = result.epoch;
      this.generations.clear();
      this.cursor = result.seq;
      this.maxSeen = result.seq;
      this.blind = false;
      this.flush(reason);
    } else {
      for (const [tenantId, seq] of result.changed) this.learn(tenantId, seq);
      this.cursor = Math.max(this.cursor, result.seq);
      this.maxSeen = Math.max(this.maxSeen, result.seq);
    }
    this.confirmedAt = Math.max(this.confirmedAt, sentAt);
  }

  pollFailed(): void {
    this.blind = true;
  }

  /** A pub/sub message, or this node's own bump: tenant changed at `seq` (in `epoch`). */
  applyChange(epoch: string, tenantId: string, seq: number): boolean {
    if (epoch !== this.epoch) return false;
    this.learn(tenantId, seq);
    return true;
  }

  /** This node changed something it could not announce: retire everything it holds. */
  flushLocal(): void {
    this.flush('local');
  }

  private learn(tenantId: string, seq: number): void {
    if (seq > (this.generations.get(tenantId) ?? 0)) this.generations.set(tenantId, seq);
    if (seq > this.maxSeen) this.maxSeen = seq;
  }

  private flush(reason: FlushReason): void {
    this.flushes++;
    this.onFlush(reason);
  }
}
