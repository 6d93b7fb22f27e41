// Time windows: allowed days and hours in a zone, optionally only on some dates. A window that
// wraps midnight belongs to the day it starts on (Fri 22:00-06:00 covers Saturday 03:00), and
// that start day is also the date checked against date ranges.
import { dayNames, type TimeWindowConfig } from '../model/time-window';
import { localTime, previousDate, type LocalTime } from './zone';

export interface CompiledWindow {
  /** Bit d set when weekday d (0 = Sunday) may start a window. */
  days: number;
  start: number;
  end: number;
  timeZone: string | undefined;
  ranges: ReadonlyArray<readonly [from: number, to: number]>;
  label: string;
}

export interface WindowCheck {
  inside: boolean;
  reason: string;
}

const SHORT = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const dateNumber = (iso: string) => Number(iso.replace(/-/g, ''));

export function compileWindow(config: TimeWindowConfig): CompiledWindow {
  let days = 0;
  for (const d of config.days) days |= 1 << (typeof d === 'number' ? d : dayNames.indexOf(d));
  return {
    days,
    start: minutesOf(config.start),
    end: minutesOf(config.end),
    timeZone: config.timeZone,
    ranges: (config.dateRanges ?? []).map((r) => [dateNumber(r.from), dateNumber(r.to)] as const),
    label: `${formatDays(days)} ${config.start}-${config.end}`,
  };
}

export function formatDays(days: number): string {
  const list = [1, 2, 3, 4, 5, 6, 0].filter((d) => days & (1 << d));
  if (list.length === 7) return 'every day';
  // Collapse consecutive runs in Monday-first order: Mon-Fri, Sat-Sun.
  const parts: string[] = [];
  for (let i = 0; i < list.length;) {
    let j = i;
    while (j + 1 < list.length && (list[j]! + 1) % 7 === list[j + 1]!) j++;
    parts.push(
      j - i >= 2
        ? `${SHORT[list[i]!]}-${SHORT[list[j]!]}`
        : list
            .slice(i, j + 1)
            .map((d) => SHORT[d])
            .join(', '),
    );
    i = j + 1;
  }
  return parts.join(', ');
}

/** Is `utcMs` inside the window, seen in the window's zone (or the tenant's `defaultZone`)? */
export function checkWindow(
  w: CompiledWindow,
  utcMs: number,
  defaultZone: string,
  local?: LocalTime,
): WindowCheck {
  const zone = w.timeZone ?? defaultZone;
  const t = local ?? localTime(utcMs, zone);
  let windowDate: number | undefined;
  if (w.start < w.end) {
    if (w.days & (1 << t.weekday) && t.minutes >= w.start && t.minutes < w.end) windowDate = t.date;
  } else if (t.minutes >= w.start && w.days & (1 << t.weekday)) {
    windowDate = t.date;
  } else if (t.minutes < w.end && w.days & (1 << ((t.weekday + 6) % 7))) {
    windowDate = previousDate(t.date);
  }
  const now = `${SHORT[t.weekday]} ${String(Math.floor(t.minutes / 60)).padStart(2, '0')}:${String(t.minutes % 60).padStart(2, '0')} ${zone}`;
  if (windowDate === undefined)
    return { inside: false, reason: `outside ${w.label} (${zone}); it is ${now}` };
  if (w.ranges.length > 0 && !w.ranges.some(([from, to]) => windowDate >= from && windowDate <= to)) {
    return { inside: false, reason: `${formatDate(windowDate)} is outside the allowed date ranges` };
  }
  return { inside: true, reason: `inside ${w.label} (${zone}); it is ${now}` };
}

function formatDate(d: number): string {
  return `${Math.floor(d / 10000)}-${String(Math.floor(d / 100) % 100).padStart(2, '0')}-${String(d % 100).padStart(2, '0')}`;
}
