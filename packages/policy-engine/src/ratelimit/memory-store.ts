// In-memory GCRA store: for tests, the simulator and the single-process embedded mode.
import { gcra } from './gcra';
import type { RateLimitHit, RateLimitParams, RateLimitResult, RateLimitStore } from './store';

interface Entry {
  tatMs: number;
  expiresMs: number;
}

export interface MemoryRateLimitStoreOptions {
  /** Clock in ms; inject one in tests instead of sleeping. */
  now?: () => number;
  /** Sweep expired keys every this many hits. */
  sweepEvery?: number;
}

export class MemoryRateLimitStore implements RateLimitStore {
  readonly #entries = new Map<string, Entry>();
  readonly #now: () => number;
  readonly #sweepEvery: number;
  #hits = 0;

  constructor(options: MemoryRateLimitStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#sweepEvery = options.sweepEvery ?? 10_000;
  }

  async hit(key: string, params: RateLimitParams): Promise<RateLimitResult> {
    const [result] = this.hitAllSync([{ key, params, blocking: true }]);
    return result!;
  }

  async hitAll(hits: readonly RateLimitHit[]): Promise<RateLimitResult[]> {
    return this.hitAllSync(hits);
  }

  /** The same as hitAll without the promise. */
  hitAllSync(hits: readonly RateLimitHit[]): RateLimitResult[] {
    const now = this.#now();
    if (++this.#hits % this.#sweepEvery === 0) this.sweep(now);
    const entries = hits.map((h) => this.#live(h.key, now));
    const outcomes = hits.map((h, i) => gcra(entries[i]?.tatMs, now, h.params));
    const admitted = hits.every((h, i) => !h.blocking || outcomes[i]!.allowed);
    return hits.map((h, i) => {
      const o = outcomes[i]!;
      if (admitted && o.allowed) {
        const ttlMs = Math.max(1, Math.min(o.newTatMs - now, (h.params.ttlSec ?? Infinity) * 1000));
        const e = entries[i];
        if (e) {
          e.tatMs = o.newTatMs;
          e.expiresMs = now + ttlMs;
        } else {
          this.#entries.set(h.key, { tatMs: o.newTatMs, expiresMs: now + ttlMs });
        }
        return { allowed: true, remaining: o.remaining, resetSec: o.resetSec, retryAfterSec: 0 };
      }
      if (o.allowed) {
        // Refused because another limit refused: nothing consumed, report the state as it is.
        const peek = gcra(entries[i]?.tatMs, now, { ...h.params, cost: 0 });
        return { allowed: !h.blocking, remaining: peek.remaining, resetSec: peek.resetSec, retryAfterSec: 0 };
      }
      return { allowed: false, remaining: o.remaining, resetSec: o.resetSec, retryAfterSec: o.retryAfterSec };
    });
  }

  /** Number of live keys (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  sweep(now = this.#now()): void {
    for (const [key, e] of this.#entries) if (e.expiresMs <= now) this.#entries.delete(key);
  }

  #live(key: string, now: number): Entry | undefined {
    const e = this.#entries.get(key);
    if (!e) return undefined;
    if (e.expiresMs <= now) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }
}
