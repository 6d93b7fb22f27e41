import { describe, expect, it } from 'vitest';
import { bucketLabel, bucketMs, fillSeries, formatLatency, periodWindow } from './stats-series';

describe('dashboard series', () => {
  it('covers the period with zero buckets around the ones that had events', () => {
    const { from, to } = periodWindow('24h', new Date('2026-03-02T10:30:00.000Z'));
    expect(bucketMs(from, to)).toBe(3600_000);
    const points = fillSeries(
      [{ bucket: '2026-03-02T09:00:00.000Z', calls: 3, denied: 1, tokens: 2 }],
      from,
      to,
    );
    expect(points).toHaveLength(25);
    expect(points[0]!.bucket).toBe('2026-03-01T10:00:00.000Z');
    expect(points.at(-1)!.bucket).toBe('2026-03-02T10:00:00.000Z');
    expect(points.find((p) => p.calls)).toMatchObject({
      bucket: '2026-03-02T09:00:00.000Z',
      end: '2026-03-02T10:00:00.000Z',
      calls: 3,
      denied: 1,
      tokens: 2,
    });
    expect(points.reduce((n, p) => n + p.calls, 0)).toBe(3);
  });

  it('buckets by day past three days, placing points by their instant', () => {
    const { from, to } = periodWindow('7d', new Date('2026-03-08T10:00:00.000Z'));
    expect(bucketMs(from, to)).toBe(86_400_000);
    // A database in UTC+2 truncates to local midnight: still the right day.
    const points = fillSeries(
      [{ bucket: '2026-03-06T22:00:00.000Z', calls: 1, denied: 0, tokens: 0 }],
      from,
      to,
    );
    expect(points).toHaveLength(8);
    expect(points.find((p) => p.calls)!.bucket).toBe('2026-03-06T00:00:00.000Z');
    expect(bucketLabel(points[0]!)).toMatch(/Mar \d/);
  });

  it('formats latencies', () => {
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(3.456)).toBe('3.5 ms');
    expect(formatLatency(250.4)).toBe('250 ms');
    expect(formatLatency(1500)).toBe('1.5 s');
  });
});
