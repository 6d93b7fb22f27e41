// The audit explorer's filters: read from and written to the page URL (so a dashboard number
// can link to a pre-filtered explorer), and turned into the query of the API's audit routes.
import type { AuditOutcome, AuditQuery } from '@portcullis/sdk';

export const RANGE_PRESETS = [
  { value: '15m', label: 'Last 15 minutes', ms: 15 * 60_000 },
  { value: '1h', label: 'Last hour', ms: 3600_000 },
  { value: '24h', label: 'Last 24 hours', ms: 24 * 3600_000 },
  { value: '7d', label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  { value: '30d', label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number]['value'];

export const OUTCOMES: readonly AuditOutcome[] = ['success', 'failure', 'denied', 'error'];

export interface AuditFilters {
  /** A preset relative to now; absent with from/to set means a custom range, absent alone all time. */
  range?: RangePreset;
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: AuditOutcome;
  agent?: string;
  server?: string;
  tool?: string;
  /** Free text searched in the reason. */
  q?: string;
  /** One request's events (a gateway call and the policy decisions on it). */
  request?: string;
}

const TEXT_KEYS = ['actor', 'action', 'agent', 'server', 'tool', 'q', 'request'] as const;

const isPreset = (v: string | null): v is RangePreset => RANGE_PRESETS.some((p) => p.value === v);
const isOutcome = (v: string | null): v is AuditOutcome => OUTCOMES.includes(v as AuditOutcome);
const isInstant = (v: string | null): v is string => !!v && !Number.isNaN(Date.parse(v));

/** Reads the filters of an explorer URL, dropping anything malformed. */
export function filtersFromParams(params: URLSearchParams): AuditFilters {
  const f: AuditFilters = {};
  const range = params.get('range');
  if (isPreset(range)) f.range = range;
  else {
    const from = params.get('from');
    const to = params.get('to');
    if (isInstant(from)) f.from = new Date(from).toISOString();
    if (isInstant(to)) f.to = new Date(to).toISOString();
  }
  const outcome = params.get('outcome');
  if (isOutcome(outcome)) f.outcome = outcome;
  for (const key of TEXT_KEYS) {
    const v = params.get(key)?.trim();
    if (v) f[key] = v.slice(0, 200);
  }
  return f;
}

/** The explorer URL's query for these filters (stable key order, empty values left out). */
export function filtersToParams(f: AuditFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.range) p.set('range', f.range);
  else {
    if (f.from) p.set('from', f.from);
    if (f.to) p.set('to', f.to);
  }
  if (f.outcome) p.set('outcome', f.outcome);
  for (const key of TEXT_KEYS) {
    const v = f[key]?.trim();
    if (v) p.set(key, v);
  }
  return p;
}

/** A link into the explorer, pre-filtered. */
export function auditHref(f: AuditFilters): string {
  const qs = filtersToParams(f).toString();
  return qs ? `/audit?${qs}` : '/audit';
}

/** The time bounds the filters stand for at `now` (a preset moves with the clock). */
export function timeBounds(f: AuditFilters, now: Date): { from?: string; to?: string } {
  if (f.range) {
    const preset = RANGE_PRESETS.find((p) => p.value === f.range)!;
    return { from: new Date(now.getTime() - preset.ms).toISOString() };
  }
  return { ...(f.from ? { from: f.from } : {}), ...(f.to ? { to: f.to } : {}) };
}

/** The query of the audit search (and of the CSV export), with the range resolved at `now`. */
export function apiQuery(
  f: AuditFilters,
  now: Date,
  page: { cursor?: string; limit?: number } = {},
): AuditQuery {
  const q: AuditQuery = { ...timeBounds(f, now) };
  if (f.outcome) q.outcome = f.outcome;
  for (const key of TEXT_KEYS) {
    const v = f[key]?.trim();
    if (v) q[key] = v;
  }
  if (page.cursor) q.cursor = page.cursor;
  if (page.limit) q.limit = page.limit;
  return q;
}

export function hasFilters(f: AuditFilters): boolean {
  return filtersToParams(f).toString() !== '';
}

/** `<input type="datetime-local">` value for an ISO instant, in the browser's zone. */
export function toLocalInput(iso: string | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The ISO instant of a `datetime-local` value (read in the browser's zone); undefined when empty. */
export function fromLocalInput(value: string): string | undefined {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}
