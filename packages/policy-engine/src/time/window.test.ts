import { describe, expect, it } from 'vitest';
import type { TimeWindowConfig } from '../model/time-window';
import { checkWindow, compileWindow, formatDays } from './window';
import { isValidTimeZone, localTime, zonedTimeToUtc } from './zone';

const at = (iso: string) => Date.parse(iso);
const inside = (config: Partial<TimeWindowConfig>, iso: string, zone = 'UTC') =>
  checkWindow(
    compileWindow({ days: [0, 1, 2, 3, 4, 5, 6], start: '00:00', end: '24:00', ...config }),
    at(iso),
    zone,
  ).inside;

describe('zone helpers', () => {
  it('reads local wall-clock time either side of a DST change', () => {
    expect(localTime(at('2025-03-30T00:59:00Z'), 'Europe/Berlin')).toMatchObject({
      minutes: 1 * 60 + 59,
      weekday: 0,
    });
    expect(localTime(at('2025-03-30T01:00:00Z'), 'Europe/Berlin')).toMatchObject({
      minutes: 3 * 60,
      date: 20250330,
    });
    expect(localTime(at('2025-11-02T05:30:00Z'), 'America/New_York').minutes).toBe(90);
    expect(localTime(at('2025-11-02T06:30:00Z'), 'America/New_York').minutes).toBe(90);
  });

  it('converts local times to instants, including skipped and repeated ones', () => {
    expect(zonedTimeToUtc('Europe/Berlin', 2025, 1, 15, 9 * 60)).toBe(at('2025-01-15T08:00:00Z'));
    expect(zonedTimeToUtc('Europe/Berlin', 2025, 7, 15, 9 * 60)).toBe(at('2025-07-15T07:00:00Z'));
    // 02:30 does not exist on 2025-03-30 in Berlin: shifted forward by the hour to 03:30 CEST.
    expect(zonedTimeToUtc('Europe/Berlin', 2025, 3, 30, 150)).toBe(at('2025-03-30T01:30:00Z'));
    // 02:30 happens twice on 2025-10-26: the first (CEST) is chosen.
    expect(zonedTimeToUtc('Europe/Berlin', 2025, 10, 26, 150)).toBe(at('2025-10-26T00:30:00Z'));
    expect(zonedTimeToUtc('America/New_York', 2025, 12, 1)).toBe(at('2025-12-01T05:00:00Z'));
  });

  it('knows which zones exist', () => {
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});

describe('time windows', () => {
  const office: Partial<TimeWindowConfig> = {
    days: ['mon', 'tue', 'wed', 'thu', 'fri'],
    start: '09:00',
    end: '17:00',
    timeZone: 'Europe/Berlin',
  };

  it('opens and closes at local office hours in winter and in summer (Berlin)', () => {
    expect(inside(office, '2025-03-28T07:59:00Z')).toBe(false); // Fri 08:59 CET
    expect(inside(office, '2025-03-28T08:00:00Z')).toBe(true); // Fri 09:00 CET
    expect(inside(office, '2025-03-31T06:59:00Z')).toBe(false); // Mon 08:59 CEST
    expect(inside(office, '2025-03-31T07:00:00Z')).toBe(true); // Mon 09:00 CEST
    expect(inside(office, '2025-03-31T14:59:00Z')).toBe(true); // Mon 16:59 CEST
    expect(inside(office, '2025-03-31T15:00:00Z')).toBe(false); // Mon 17:00 CEST, end exclusive
    expect(inside(office, '2025-03-29T10:00:00Z')).toBe(false); // Saturday
  });

  it('handles the skipped hour on the spring-forward day (Berlin)', () => {
    const w = { start: '02:30', end: '03:30', timeZone: 'Europe/Berlin' };
    expect(inside(w, '2025-03-30T00:59:00Z')).toBe(false); // 01:59 CET
    expect(inside(w, '2025-03-30T01:00:00Z')).toBe(true); // 03:00 CEST (02:30 never happened)
    expect(inside(w, '2025-03-30T01:30:00Z')).toBe(false); // 03:30 CEST
  });

  it('handles the repeated hour on the fall-back day (Berlin)', () => {
    const w = { start: '02:00', end: '03:00', timeZone: 'Europe/Berlin' };
    expect(inside(w, '2025-10-25T23:59:00Z')).toBe(false); // 01:59 CEST
    expect(inside(w, '2025-10-26T00:30:00Z')).toBe(true); // first 02:30 (CEST)
    expect(inside(w, '2025-10-26T01:30:00Z')).toBe(true); // second 02:30 (CET)
    expect(inside(w, '2025-10-26T02:00:00Z')).toBe(false); // 03:00 CET
  });

  it('follows New York across both transitions', () => {
    const w = { start: '09:00', end: '17:00', timeZone: 'America/New_York' };
    expect(inside(w, '2025-03-08T13:59:00Z')).toBe(false); // Sat 08:59 EST
    expect(inside(w, '2025-03-08T14:00:00Z')).toBe(true); // Sat 09:00 EST
    expect(inside(w, '2025-03-09T12:59:00Z')).toBe(false); // Sun 08:59 EDT
    expect(inside(w, '2025-03-09T13:00:00Z')).toBe(true); // Sun 09:00 EDT
    const night = { start: '01:00', end: '02:00', timeZone: 'America/New_York' };
    expect(inside(night, '2025-11-02T05:30:00Z')).toBe(true); // 01:30 EDT
    expect(inside(night, '2025-11-02T06:30:00Z')).toBe(true); // 01:30 EST, again
    expect(inside(night, '2025-11-02T07:00:00Z')).toBe(false); // 02:00 EST
  });

  it('wraps midnight: the window belongs to the day it starts', () => {
    const w = { days: ['fri' as const], start: '22:00', end: '06:00', timeZone: 'Europe/Berlin' };
    expect(inside(w, '2025-01-10T20:59:00Z')).toBe(false); // Fri 21:59
    expect(inside(w, '2025-01-10T22:00:00Z')).toBe(true); // Fri 23:00
    expect(inside(w, '2025-01-11T02:00:00Z')).toBe(true); // Sat 03:00
    expect(inside(w, '2025-01-11T05:00:00Z')).toBe(false); // Sat 06:00
    expect(inside(w, '2025-01-12T02:00:00Z')).toBe(false); // Sun 03:00: Saturday is not listed
    expect(inside(w, '2025-01-11T22:00:00Z')).toBe(false); // Sat 23:00
  });

  it('wraps midnight across a DST night', () => {
    const w = { start: '22:00', end: '06:00', timeZone: 'Europe/Berlin' };
    expect(inside(w, '2025-03-30T01:30:00Z')).toBe(true); // 03:30 CEST
    expect(inside(w, '2025-03-30T03:59:00Z')).toBe(true); // 05:59 CEST
    expect(inside(w, '2025-03-30T04:00:00Z')).toBe(false); // 06:00 CEST
  });

  it('treats date ranges as inclusive local dates', () => {
    const w = { timeZone: 'Europe/Berlin', dateRanges: [{ from: '2025-12-24', to: '2025-12-26' }] };
    expect(inside(w, '2025-12-23T22:59:00Z')).toBe(false); // Dec 23 23:59 local
    expect(inside(w, '2025-12-23T23:00:00Z')).toBe(true); // Dec 24 00:00 local
    expect(inside(w, '2025-12-26T22:59:00Z')).toBe(true); // Dec 26 23:59 local
    expect(inside(w, '2025-12-26T23:00:00Z')).toBe(false); // Dec 27 00:00 local
  });

  it('checks the start date of a wrapped window against date ranges', () => {
    const w = { start: '22:00', end: '06:00', dateRanges: [{ from: '2025-01-31', to: '2025-01-31' }] };
    expect(inside(w, '2025-02-01T03:00:00Z')).toBe(true);
    expect(inside(w, '2025-02-01T22:30:00Z')).toBe(false);
  });

  it("uses the tenant's zone when the policy names none, and explains itself", () => {
    const w = compileWindow({ days: ['mon'], start: '09:00', end: '10:00' });
    const monday9Tokyo = at('2025-01-06T00:30:00Z');
    expect(checkWindow(w, monday9Tokyo, 'Asia/Tokyo')).toEqual({
      inside: true,
      reason: 'inside Mon 09:00-10:00 (Asia/Tokyo); it is Mon 09:30 Asia/Tokyo',
    });
    expect(checkWindow(w, monday9Tokyo, 'UTC').reason).toBe(
      'outside Mon 09:00-10:00 (UTC); it is Mon 00:30 UTC',
    );
  });

  it('formats day sets', () => {
    expect(formatDays(0b0111110)).toBe('Mon-Fri');
    expect(formatDays(0b1000001)).toBe('Sat, Sun');
    expect(formatDays(0b1111111)).toBe('every day');
    expect(formatDays(0b0001010)).toBe('Mon, Wed');
  });
});
