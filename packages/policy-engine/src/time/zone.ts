// Wall-clock time in an IANA zone, from Intl only. Offsets are cached per zone and quarter hour
// of UTC time: every current transition falls on a 15-minute UTC boundary, so one
// formatToParts call serves every call in that quarter hour.

export interface LocalTime {
  year: number;
  /** 1-12 */
  month: number;
  /** 1-31 */
  day: number;
  /** 0 = Sunday ... 6 = Saturday */
  weekday: number;
  /** Minutes since local midnight, 0-1439. */
  minutes: number;
  /** The local date as a sortable number: yyyymmdd. */
  date: number;
}

const QUARTER_HOUR_MS = 15 * 60 * 1000;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>(); // `${zone} ${bucket}` -> offset
const MAX_CACHED_OFFSETS = 4096;
// The most recent quarter hour per zone, looked up without building a string key.
const hotOffsets = new Map<string, { bucket: number; offsetMs: number }>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when Intl knows the zone (IANA names and aliases such as `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.length === 0) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at an instant, in ms (positive east of Greenwich). Throws on an unknown zone. */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  const bucket = Math.floor(utcMs / QUARTER_HOUR_MS);
  const hot = hotOffsets.get(timeZone);
  if (hot !== undefined && hot.bucket === bucket) return hot.offsetMs;
  const offsetMs = cachedOffset(timeZone, bucket);
  if (hot !== undefined) {
    hot.bucket = bucket;
    hot.offsetMs = offsetMs;
  } else if (hotOffsets.size < MAX_CACHED_OFFSETS) {
    hotOffsets.set(timeZone, { bucket, offsetMs });
  }
  return offsetMs;
}

function cachedOffset(timeZone: string, bucket: number): number {
  const key = `${timeZone} ${bucket}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const offsetMs = computeOffset(timeZone, bucket * QUARTER_HOUR_MS);
  if (offsets.size >= MAX_CACHED_OFFSETS) offsets.clear();
  offsets.set(key, offsetMs);
  return offsetMs;
}

function computeOffset(timeZone: string, utcMs: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(utcMs)) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

export function localTime(utcMs: number, timeZone: string): LocalTime {
  const d = new Date(utcMs + zoneOffsetMs(timeZone, utcMs));
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  return {
    year,
    month,
    day,
    weekday: d.getUTCDay(),
    minutes: d.getUTCHours() * 60 + d.getUTCMinutes(),
    date: year * 10000 + month * 100 + day,
  };
}

/**
 * The UTC instant of a local wall-clock time. A time that occurs twice (clocks going back)
 * gives the earlier instant; a time skipped by clocks going forward is shifted forward by
 * the gap, as Temporal's 'compatible' disambiguation does.
 */
export function zonedTimeToUtc(timeZone: string, y: number, m: number, d: number, minutes = 0): number {
  const wall = Date.UTC(y, m - 1, d) + minutes * 60_000;
  const before = wall - zoneOffsetMs(timeZone, wall - 86_400_000);
  const after = wall - zoneOffsetMs(timeZone, wall + 86_400_000);
  const beforeOk = zoneOffsetMs(timeZone, before) === wall - before;
  const afterOk = zoneOffsetMs(timeZone, after) === wall - after;
  if (beforeOk && afterOk) return Math.min(before, after);
  if (beforeOk) return before;
  if (afterOk) return after;
  return before;
}

/** Day number (days since 1970-01-01) of a yyyymmdd date, for whole-day arithmetic. */
export function dayNumber(date: number): number {
  return Math.floor(
    Date.UTC(Math.floor(date / 10000), (Math.floor(date / 100) % 100) - 1, date % 100) / 86_400_000,
  );
}

/** yyyymmdd of the day before. */
export function previousDate(date: number): number {
  const prev = new Date((dayNumber(date) - 1) * 86_400_000);
  return prev.getUTCFullYear() * 10000 + (prev.getUTCMonth() + 1) * 100 + prev.getUTCDate();
}
