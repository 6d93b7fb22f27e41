// The dashboard's periods and its time series: the API returns only buckets that had events,
// the chart wants every bucket of the period (zeros included).
import type { AuditStats } from '@portcullis/sdk';

export const PERIODS = [
  { value: '24h', label: '24 h', ms: 24 * 3600_000 },
  { value: '7d', label: '7 d', ms: 7 * 24 * 3600_000 },
  { value: '30d', label: '30 d', ms: 30 * 24 * 3600_000 },
] as const;
export type Period = (typeof PERIODS)[number]['value'];

const HOUR = 3600_000;
const DAY = 24 * HOUR;

export function periodWindow(period: Period, now: Date): { from: string; to: string } {
  const ms = PERIODS.find((p) => p.value === period)!.ms;
  return { from: new Date(now.getTime() - ms).toISOString(), to: now.toISOString() };
}

/** The API buckets by day past three days, by hour below (apps/api audit-stats.service.ts). */
export function bucketMs(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from) > 3 * DAY ? DAY : HOUR;
}

export interface SeriesPoint {
  /** Start of the bucket (ISO). */
  bucket: string;
  end: string;
  calls: number;
  denied: number;
  tokens: number;
}

/** Every bucket from the one holding `from` to the one holding `to`, in UTC; the API's points are
 * placed by the instant they carry, so a database in another time zone still lands in a bucket. */
export function fillSeries(series: AuditStats['series'], from: string, to: string): SeriesPoint[] {
  const size = bucketMs(from, to);
  const start = Math.floor(Date.parse(from) / size) * size;
  const end = Date.parse(to);
  const points: SeriesPoint[] = [];
  for (let t = start; t <= end; t += size) {
    points.push({
      bucket: new Date(t).toISOString(),
      end: new Date(t + size).toISOString(),
      calls: 0,
      denied: 0,
      tokens: 0,
    });
  }
  for (const s of series) {
    const i = Math.floor((Date.parse(s.bucket) - start) / size);
    const p = points[Math.min(Math.max(i, 0), points.length - 1)];
    if (!p) continue;
    p.calls += s.calls;
    p.denied += s.denied;
    p.tokens += s.tokens;
  }
  return points;
}

const hourLabel = new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hour12: false });
const dayLabel = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric' });

/** Axis label of a bucket: a time of day for hourly buckets, a date for daily ones. */
export function bucketLabel(point: SeriesPoint): string {
  const hourly = Date.parse(point.end) - Date.parse(point.bucket) <= HOUR;
  return (hourly ? hourLabel : dayLabel).format(new Date(point.bucket));
}

/** "12.3 ms", "1.2 s", "—". */
export function formatLatency(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms >= 1000) return `${(ms / 1000).toFixed(ms >= 10_000 ? 0 : 1)} s`;
  return `${ms >= 100 ? Math.round(ms) : Math.round(ms * 10) / 10} ms`;
}
