// A quick check that an event input is one the schema accepts as it is, for the hot path: every
// token and gateway call seals one, and zod's parse (a deep copy, the JSON union tried value by
// value) cost as much as hashing the event. Conservative by construction: it answers true only for
// the plain shapes the API builds (a v4 uuid, a millisecond ISO time, an IPv4 address, plain JSON
// details); anything else, and anything it is unsure of, is left to the schema, which stays the
// definition (input-check.test.ts checks that whatever this accepts, the schema accepts too).
import { ACTOR_TYPES, AUDIT_ACTIONS, AUDIT_OUTCOMES } from './actions';

const V4_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]\d|\d)$/;
const COUNTRY = /^[A-Z]{2}$/;
/** The fields of an event input (auditEventInputSchema's shape; input-check.test.ts compares them). */
export const INPUT_KEYS: ReadonlySet<string> = new Set([
  'id',
  'tenantId',
  'time',
  'actor',
  'action',
  'target',
  'outcome',
  'reason',
  'requestId',
  'ip',
  'country',
  'details',
]);
const ACTOR_KEYS = new Set(['type', 'id', 'label']);
const ACTIONS = new Set<unknown>(AUDIT_ACTIONS);
const ACTORS = new Set<unknown>(ACTOR_TYPES);
const OUTCOMES = new Set<unknown>(AUDIT_OUTCOMES);
/** Deeper details are left to the schema (storable details never nest past 8). */
const MAX_DEPTH = 16;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

const text = (v: unknown, min: number, max: number) =>
  typeof v === 'string' && v.length >= min && v.length <= max;
const optionalText = (v: unknown, min: number, max: number) => v === undefined || text(v, min, max);

function isJson(v: unknown, depth: number): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(v)) {
    if (Object.getPrototypeOf(v) !== Array.prototype) return false;
    for (let i = 0; i < v.length; i++) if (!(i in v) || !isJson(v[i], depth + 1)) return false;
    return true;
  }
  if (!isPlainObject(v)) return false;
  for (const key in v) if (!isJson(v[key], depth + 1)) return false;
  return true;
}

function isParty(v: unknown, types: ((t: unknown) => boolean) | undefined, typeMax: number): boolean {
  if (!isPlainObject(v)) return false;
  for (const key in v) if (!ACTOR_KEYS.has(key)) return false;
  return (
    (types ? types(v.type) : text(v.type, 1, typeMax)) && text(v.id, 1, 200) && optionalText(v.label, 0, 300)
  );
}

/** True only when the schema (auditEventInputSchema) accepts `v` exactly as it is. */
export function isPlainEventInput(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  for (const key in v) if (!INPUT_KEYS.has(key)) return false;
  const { time } = v;
  return (
    typeof v.id === 'string' &&
    V4_UUID.test(v.id) &&
    text(v.tenantId, 1, 100) &&
    typeof time === 'string' &&
    ISO_MS.test(time) &&
    !Number.isNaN(Date.parse(time)) &&
    new Date(time).toISOString() === time &&
    isParty(v.actor, (t) => ACTORS.has(t), 0) &&
    ACTIONS.has(v.action) &&
    (v.target === undefined || isParty(v.target, undefined, 100)) &&
    OUTCOMES.has(v.outcome) &&
    optionalText(v.reason, 0, 2000) &&
    optionalText(v.requestId, 1, 200) &&
    (v.ip === undefined || (typeof v.ip === 'string' && IPV4.test(v.ip))) &&
    (v.country === undefined || (typeof v.country === 'string' && COUNTRY.test(v.country))) &&
    isPlainObject(v.details) &&
    isJson(v.details, 0)
  );
}
