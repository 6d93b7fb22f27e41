// The chain's hash function: hash_n = SHA-256(prevHash_hex || "\n" || JCS(event without hash fields)).
import { hash } from 'node:crypto';
import { canonicalJson } from './canonical';

/** prevHash of the first event of a tenant's chain. */
export const GENESIS_HASH = '0'.repeat(64);

// Fields that belong to the chain, not to the event: excluded from the hashed body.
const CHAIN_FIELDS = new Set(['prevHash', 'hash']);

function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key in value) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== null && v !== undefined) out[key] = v;
  }
  return out;
}

/**
 * The object whose canonical form is hashed: the event minus prevHash/hash. An absent
 * optional field and a null one hash the same at the top level and inside actor/target,
 * because a database returns NULL for a column that was never set. Inside `details`
 * nothing is touched: a null there is data.
 */
export function hashBody(event: object): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const key in event) {
    if (CHAIN_FIELDS.has(key)) continue;
    const v = (event as Record<string, unknown>)[key];
    if (v === null || v === undefined) continue;
    body[key] = key === 'actor' || key === 'target' ? withoutNulls(v) : v;
  }
  return body;
}

/** SHA-256 hex of `prevHash + "\n" + canonicalBody`, where the body is already canonical text. */
export function hashCanonicalBody(prevHash: string, canonicalBody: string): string {
  // One-shot crypto.hash: several times cheaper per call than createHash for small inputs.
  return hash('sha256', prevHash + '\n' + canonicalBody, 'hex');
}

/** The fields an event's hashed body can hold, in RFC 8785 order (UTF-16 code units). */
const BODY_KEYS = [
  'action',
  'actor',
  'country',
  'details',
  'id',
  'ip',
  'outcome',
  'reason',
  'requestId',
  'seq',
  'target',
  'tenantId',
  'time',
] as const;
const EVENT_KEYS = new Set<string>([...BODY_KEYS, ...CHAIN_FIELDS]);

/**
 * `canonicalJson(hashBody(event))`, the text every event hash covers. An event of the stored
 * layout (the known fields, nothing else) is written field by field in their canonical order,
 * with the library canonicalizing each non-string value: the generic path's key sort and
 * per-key templating cost more than the SHA-256 itself, on every append and every verified
 * event. Anything else takes the generic path. Property-tested against it (hash.test.ts).
 */
export function canonicalEventBody(event: object): string {
  const e = event as Record<string, unknown>;
  for (const key in e) if (!EVENT_KEYS.has(key)) return canonicalJson(hashBody(event));
  let out = '';
  for (const key of BODY_KEYS) {
    const v = e[key];
    if (v === null || v === undefined) continue;
    let text: string;
    if (typeof v === 'string') text = JSON.stringify(v);
    else if (typeof v === 'object')
      text =
        key === 'actor' || key === 'target'
          ? (namedStrings(v) ?? canonicalJson(withoutNulls(v)))
          : canonicalJson(v);
    else if (typeof v === 'number' || typeof v === 'boolean') text = canonicalJson(v);
    else return canonicalJson(hashBody(event)); // symbols, functions, bigints: the generic verdict
    out += (out === '' ? '{"' : ',"') + key + '":' + text;
  }
  return out === '' ? '{}' : out + '}';
}

/** An actor's or target's keys, in canonical order. */
const NAMED_KEYS = ['id', 'label', 'type'] as const;

/**
 * The canonical text of an actor or target of the usual shape (id, type, maybe label: strings,
 * well formed, nulls left out as withoutNulls does), written directly: the library's generic walk
 * cost as much as the rest of the event. Undefined for anything else (the generic path decides).
 */
function namedStrings(value: object): string | undefined {
  const o = value as Record<string, unknown>;
  for (const key in o) if (key !== 'id' && key !== 'label' && key !== 'type') return undefined;
  let out = '';
  for (const key of NAMED_KEYS) {
    const v = o[key];
    if (v === null || v === undefined) continue;
    if (typeof v !== 'string' || !(v as string & { isWellFormed(): boolean }).isWellFormed())
      return undefined;
    out += (out === '' ? '{"' : ',"') + key + '":' + JSON.stringify(v);
  }
  return out === '' ? '{}' : out + '}';
}

/** SHA-256 hex of `prevHash + "\n" + canonical(hashBody(event))`. */
export function computeEventHash(prevHash: string, event: object): string {
  return hashCanonicalBody(prevHash, canonicalEventBody(event));
}
