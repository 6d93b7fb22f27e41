// One-time-use markers (client assertion jti). The shared implementation (Redis SET NX EX)
// lives in the API; this interface keeps the core free of I/O.

export interface ReplayStore {
  /**
   * Record `key` for `ttlSec` seconds. True if it was not already recorded (first use), false
   * if it was (a replay). Must be atomic across every node that accepts the same credentials.
   */
  markIfNew(key: string, ttlSec: number): Promise<boolean>;
}

/** In-process ReplayStore for tests and a single-node embedded setup. */
export class MemoryReplayStore implements ReplayStore {
  readonly #seen = new Map<string, number>();
  readonly #clock: () => number;
  #nextSweep = 0;

  constructor(clock: () => number = Date.now) {
    this.#clock = clock;
  }

  async markIfNew(key: string, ttlSec: number): Promise<boolean> {
    const now = this.#clock();
    if (now >= this.#nextSweep) this.#sweep(now);
    const until = this.#seen.get(key);
    if (until !== undefined && until > now) return false;
    this.#seen.set(key, now + Math.max(1, ttlSec) * 1000);
    return true;
  }

  get size(): number {
    return this.#seen.size;
  }

  #sweep(now: number): void {
    for (const [key, until] of this.#seen) if (until <= now) this.#seen.delete(key);
    this.#nextSweep = now + 60_000;
  }
}
