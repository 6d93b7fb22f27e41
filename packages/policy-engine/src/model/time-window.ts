// Configuration of time-window policies: days and hours in a zone, optional date ranges.
import { z } from 'zod';
import { isValidTimeZone } from '../time/zone';
import { requiredString } from './common';

export const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayName = (typeof dayNames)[number];

const DAY_MESSAGE = "must be 0-6 (0 = Sunday) or one of 'sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'";
const day = z.union(
  [z.int(DAY_MESSAGE).min(0, DAY_MESSAGE).max(6, DAY_MESSAGE), z.enum(dayNames, { error: DAY_MESSAGE })],
  { error: DAY_MESSAGE },
);

const hhmm = (allow24: boolean) =>
  requiredString().superRefine((value, ctx) => {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value) && !(allow24 && value === '24:00')) {
      ctx.addIssue({
        code: 'custom',
        message: `'${value}' is not a time of day HH:MM${allow24 ? ' (or 24:00)' : ''}`,
        input: value,
      });
    }
  });

const isoDate = requiredString().superRefine((value, ctx) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!m || !d || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3])) {
    ctx.addIssue({ code: 'custom', message: `'${value}' is not a calendar date YYYY-MM-DD`, input: value });
  }
});

export const dateRangeSchema = z.strictObject({ from: isoDate, to: isoDate }).superRefine((r, ctx) => {
  const wellFormed = /^\d{4}-\d{2}-\d{2}$/;
  if (wellFormed.test(r.from) && wellFormed.test(r.to) && r.from > r.to)
    ctx.addIssue({ code: 'custom', message: `'to' (${r.to}) is before 'from' (${r.from})`, path: ['to'] });
});

export const timeWindowConfigSchema = z
  .strictObject({
    /** IANA zone; when absent the tenant's zone from the call context applies. */
    timeZone: z
      .string()
      .optional()
      .superRefine((value, ctx) => {
        if (value !== undefined && !isValidTimeZone(value)) {
          ctx.addIssue({ code: 'custom', message: `'${value}' is not an IANA time zone`, input: value });
        }
      }),
    days: z.array(day).min(1, 'list at least one day').max(7),
    start: hhmm(false),
    /** May be earlier than start: the window then runs past midnight into the next day. */
    end: hhmm(true),
    /** Inclusive local dates; when present the window applies only on those dates. */
    dateRanges: z.array(dateRangeSchema).max(100).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.start === c.end) {
      ctx.addIssue({
        code: 'custom',
        message: 'start and end must differ (use 00:00 to 24:00 for the whole day)',
        path: ['end'],
      });
    }
    const seen = new Set<number>();
    c.days.forEach((d, i) => {
      const n = typeof d === 'number' ? d : dayNames.indexOf(d);
      if (seen.has(n))
        ctx.addIssue({ code: 'custom', message: `day '${String(d)}' is listed twice`, path: ['days', i] });
      seen.add(n);
    });
  });
export type TimeWindowConfig = z.output<typeof timeWindowConfigSchema>;
