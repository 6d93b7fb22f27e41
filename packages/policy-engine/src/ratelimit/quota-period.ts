// Calendar periods for quotas, in the tenant's zone: the current day or month and when it ends.
import type { QuotaPeriod } from '../model/limits';
import { localTime, zonedTimeToUtc } from '../time/zone';

export interface PeriodInfo {
  /** Part of the counter key, e.g. `d20250330`, `m202503`. */
  id: string;
  startMs: number;
  endMs: number;
}

const cache = new Map<string, PeriodInfo>();
const MAX_CACHED = 4096;

export function currentPeriod(nowMs: number, timeZone: string, period: QuotaPeriod): PeriodInfo {
  const t = localTime(nowMs, timeZone);
  const id = period === 'day' ? `d${t.date}` : `m${t.year * 100 + t.month}`;
  const key = `${timeZone}|${id}`;
  let info = cache.get(key);
  if (!info) {
    const startMs =
      period === 'day' ? zonedTimeToUtc(timeZone, t.year, t.month, t.day) : zonedTimeToUtc(timeZone, t.year, t.month, 1);
    const next = new Date(Date.UTC(t.year, period === 'day' ? t.month - 1 : t.month, period === 'day' ? t.day + 1 : 1));
    const endMs = zonedTimeToUtc(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
    info = { id, startMs, endMs };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, info);
  }
  return info;
}
