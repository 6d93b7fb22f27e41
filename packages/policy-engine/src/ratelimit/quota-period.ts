// Calendar periods for quotas, in the tenant's zone: the current day or month and when it ends.
import type { QuotaPeriod } from '../model/limits';
import { localTime, zonedTimeToUtc, type LocalTime } from '../time/zone';

export interface PeriodInfo {
  /** Part of the counter key, e.g. `d20250330`, `m202503`. */
  id: string;
  startMs: number;
  endMs: number;
}

const cache = new Map<string, PeriodInfo>();
const MAX_CACHED = 4096;
// The current day and month per zone, found without building a string key.
const dayHot = new Map<string, { stamp: number; info: PeriodInfo }>();
const monthHot = new Map<string, { stamp: number; info: PeriodInfo }>();

/** `local` is the wall-clock time of `nowMs` in the zone, when the caller already has it. */
export function currentPeriod(
  nowMs: number,
  timeZone: string,
  period: QuotaPeriod,
  local?: LocalTime,
): PeriodInfo {
  const t = local ?? localTime(nowMs, timeZone);
  const stamp = period === 'day' ? t.date : t.year * 100 + t.month;
  const hotKey = period === 'day' ? dayHot : monthHot;
  const hot = hotKey.get(timeZone);
  if (hot !== undefined && hot.stamp === stamp) return hot.info;
  const id = period === 'day' ? `d${stamp}` : `m${stamp}`;
  const key = `${timeZone}|${id}`;
  let info = cache.get(key);
  if (!info) {
    const startMs =
      period === 'day'
        ? zonedTimeToUtc(timeZone, t.year, t.month, t.day)
        : zonedTimeToUtc(timeZone, t.year, t.month, 1);
    const next = new Date(
      Date.UTC(t.year, period === 'day' ? t.month - 1 : t.month, period === 'day' ? t.day + 1 : 1),
    );
    const endMs = zonedTimeToUtc(timeZone, next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate());
    info = { id, startMs, endMs };
    if (cache.size >= MAX_CACHED) cache.clear();
    cache.set(key, info);
  }
  if (hotKey.size < MAX_CACHED || hot !== undefined) hotKey.set(timeZone, { stamp, info });
  return info;
}
