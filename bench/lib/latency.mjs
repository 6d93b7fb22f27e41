// Every response's latency in float milliseconds (not a 1 ms histogram), and the percentiles.

export function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

export function round(value, digits = 3) {
  return value === null ? null : Number(value.toFixed(digits));
}

export class LatencyRecorder {
  #values = new Float64Array(1 << 16);
  #count = 0;

  add(ms) {
    if (this.#count === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#count++] = ms;
  }

  summary() {
    const count = this.#count;
    const sorted = this.#values.subarray(0, count).sort();
    const mean = count === 0 ? null : sorted.reduce((a, b) => a + b, 0) / count;
    return { sorted, count, mean };
  }
}

/** The latency block of a result, from a summary(). */
export function latencyBlock({ sorted, count, mean }) {
  return {
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    p999: round(percentile(sorted, 99.9)),
    max: round(count === 0 ? null : sorted[count - 1]),
    mean: round(mean),
  };
}
