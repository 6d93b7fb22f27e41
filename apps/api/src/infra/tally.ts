// Counters for the hot path. prom-client hashes and validates a label set on every inc, even
// through a child made by `labels()`: several times per token and per gateway call. A tallied
// child is a plain number instead, added to the prom-client counter when it is read (a scrape,
// or `get()`), so what a scrape shows is the same.
import { Counter, type CounterConfiguration, type LabelValues } from 'prom-client';

export interface Tally {
  inc(): void;
}

export class TalliedCounter<L extends string> {
  readonly counter: Counter<L>;
  private readonly children = new Map<string, { labels: LabelValues<L>; n: number }>();

  constructor(config: Omit<CounterConfiguration<L>, 'collect'>) {
    const children = this.children;
    this.counter = new Counter<L>({
      ...config,
      collect() {
        for (const child of children.values()) {
          if (child.n === 0) continue;
          this.inc(child.labels, child.n);
          child.n = 0;
        }
      },
    });
  }

  /** The counter of one label set: keep it, and call `inc` on the hot path. Same labels, same tally. */
  child(labels: LabelValues<L>): Tally {
    // One order for the names, whatever the caller's: it keys the tally and orders the exposition.
    const sorted = Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k as L]] as const);
    const key = JSON.stringify(sorted);
    let child = this.children.get(key);
    if (!child) {
      const normalized = Object.fromEntries(sorted) as LabelValues<L>;
      // prom-client checks the names when a tally is added; check them now, where the caller is.
      this.counter.inc(normalized, 0);
      this.children.set(key, (child = { labels: normalized, n: 0 }));
    }
    const c = child;
    return {
      inc() {
        c.n++;
      },
    };
  }
}
