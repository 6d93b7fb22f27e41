// Storable text: what PostgreSQL (and PGlite) will keep in a text or jsonb column, exactly, so
// the hash sealed over an event covers the bytes that are stored. Applied to every field of
// every event before hashing (toStorableInput), whatever the caller passed.
//
// The escape, visible and unambiguous:
// - a UTF-16 code unit PostgreSQL refuses (U+0000, and a surrogate without its partner) is
//   written `\u{X}`, X its lowercase hex value: "a\0b" is stored as "a\u{0}b";
// - a backslash that would otherwise start `\u{` is itself written `\u{5c}`, so every `\u{` in
//   stored text is an escape and `unescapeStorable` gives back the original exactly;
// - everything else (other control characters, backslashes, any valid Unicode) is kept as is.
//
// The caps: a field longer than its cap (in UTF-16 code units, after escaping) keeps its head
// and ends with `…[cut sha256:<hex> len:<n>]`: the SHA-256 of the whole escaped text (UTF-8)
// and its length, so whoever holds the original can prove it is the one that was cut.
import { createHash } from 'node:crypto';

/** What every cut ends with; the hash is of the whole escaped text. */
const CUT_PREFIX = '…[cut sha256:';
const CUT_MIN = CUT_PREFIX.length + 64 + ' len:]'.length + 1;

// A NUL, a lone high surrogate, a lone low surrogate, or a backslash starting `\u{`.
const NEEDS_ESCAPE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\\(?=u\{)/g;
// Every text NEEDS_ESCAPE can match in contains one of these: most texts (ids, names, methods)
// contain none, and one test of a character class is far cheaper than the lookaround search.
const MAY_NEED_ESCAPE = /[\0\uD800-\uDFFF\\]/;
const ESCAPE = /\\u\{([0-9a-f]{1,4})\}/g;

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The escaped form of `text`: no NUL, no lone surrogate, reversible with unescapeStorable. */
export function escapeStorable(text: string): string {
  if (!MAY_NEED_ESCAPE.test(text)) return text;
  return text.replace(NEEDS_ESCAPE, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
}

/** The original text of an escaped (and uncut) value. */
export function unescapeStorable(text: string): string {
  return text.replace(ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Whether PostgreSQL stores `text` as it is (no NUL, no lone surrogate). */
export function isStorable(text: string): boolean {
  return !/\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/** The head of `escaped` in at most `max` code units, never splitting an escape or a surrogate pair. */
function headOf(escaped: string, max: number): string {
  let end = max;
  const code = escaped.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--; // the high half of a pair whose low half is cut
  const open = escaped.lastIndexOf('\\u{', end - 1);
  if (open >= 0 && open + 3 <= end && escaped.indexOf('}', open) >= end) end = open; // an escape cut in two
  return escaped.slice(0, end);
}

/**
 * `text` escaped, then cut to `cap` code units if longer (the cut keeps the SHA-256 and length
 * of the whole escaped text). `cap` must leave room for the cut marker (at least 90).
 */
export function storableText(text: string, cap: number): string {
  return capEscaped(escapeStorable(text), cap);
}

/** An already escaped text cut to `cap` code units, as storableText cuts it. */
export function capEscaped(escaped: string, cap: number): string {
  if (cap < CUT_MIN + 8) throw new RangeError(`a storable cap must be at least ${CUT_MIN + 8}`);
  if (escaped.length <= cap) return escaped;
  const marker = `${CUT_PREFIX}${sha256Hex(escaped)} len:${escaped.length}]`;
  return headOf(escaped, cap - marker.length) + marker;
}

/** Written for an empty value where the schema needs one: escaping never produces it. */
export const EMPTY_MARK = '\\u{}';

/** Whether a stored value was cut by storableText. */
export function isCut(stored: string): boolean {
  return /…\[cut sha256:[0-9a-f]{64} len:\d+\]$/.test(stored);
}

export interface DetailsCaps {
  /** Longest key (code units, escaped). */
  key: number;
  /** Longest string value. */
  string: number;
  /** Deepest nesting of objects and arrays below the details object itself. */
  depth: number;
  /** Most entries kept in one object or array. */
  entries: number;
  /** Largest JSON text of the whole details object. */
  bytes: number;
}

/**
 * The key under which cut entries are summed up: escaping never produces it (every `\u{` it
 * writes is followed by hex digits), so it cannot be mistaken for a caller's key.
 */
export const CUT_KEY = '\\u{cut}';

export const DETAILS_CAPS: DetailsCaps = { key: 200, string: 2000, depth: 8, entries: 100, bytes: 16_384 };

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** A cut-away subtree: its SHA-256 (of its escaped JSON text) and size, as a string. */
function cutMarker(escapedJson: string, why: string): string {
  return `[cut ${why} sha256:${sha256Hex(escapedJson)} len:${escapedJson.length}]`;
}

/**
 * A plain JSON copy of `value` with JSON.stringify's semantics (toJSON, undefined keys left
 * out, undefined in arrays as null, non-finite numbers as null) that never throws: a bigint
 * becomes its decimal string, a cycle the string "[cycle]", nesting past 64 levels "[too deep]".
 */
export function toJsonValue(value: unknown, seen: Set<object> = new Set(), depth = 0): Json | undefined {
  if (
    value !== null &&
    typeof value === 'object' &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined;
  if (seen.has(value)) return '[cycle]';
  if (depth >= 64) return '[too deep]';
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => toJsonValue(v, seen, depth + 1) ?? null);
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      const json = toJsonValue(v, seen, depth + 1);
      if (json !== undefined) out[k] = json;
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

function storableValue(value: Json, depth: number, caps: DetailsCaps): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number') return value;
  if (typeof value === 'string') return storableText(value, caps.string);
  if (depth >= caps.depth) return cutMarker(escapeStorable(JSON.stringify(value)), 'depth');
  if (Array.isArray(value)) {
    const kept: Json[] = value.slice(0, caps.entries).map((v) => storableValue(v, depth + 1, caps));
    if (value.length > caps.entries)
      kept.push(
        cutMarker(
          escapeStorable(JSON.stringify(value.slice(caps.entries))),
          `${value.length - caps.entries} items`,
        ),
      );
    return kept;
  }
  const out: { [key: string]: Json } = {};
  // Sorted: which entries survive a cap must not depend on the order the caller built them in.
  const keys = Object.keys(value).sort();
  for (const key of keys.slice(0, caps.entries))
    out[storableText(key, caps.key)] = storableValue(value[key]!, depth + 1, caps);
  if (keys.length > caps.entries) {
    const rest = Object.fromEntries(keys.slice(caps.entries).map((k) => [k, value[k]]));
    out[CUT_KEY] = cutMarker(escapeStorable(JSON.stringify(rest)), `${keys.length - caps.entries} keys`);
  }
  return out;
}

/**
 * A details object PostgreSQL stores exactly (jsonb) and the canonical form can hash: every key
 * and string escaped and capped, non-finite numbers as null, nesting, entries and total size
 * capped. An object over the byte cap keeps its entries (in key order) while they fit; the rest
 * is replaced by one CUT_KEY entry with the SHA-256 of what was cut.
 */
export function storableDetails(
  details: Record<string, unknown>,
  caps: DetailsCaps = DETAILS_CAPS,
): { [key: string]: Json } {
  const full = storableValue(toJsonValue(details) ?? {}, 0, caps) as { [key: string]: Json };
  const text = JSON.stringify(full);
  if (text.length <= caps.bytes) return full;
  const out: { [key: string]: Json } = {};
  const cut: { [key: string]: Json } = {};
  let size = 2 + 200; // the braces and room for the cut entry
  for (const [key, value] of Object.entries(full)) {
    const entry = JSON.stringify(key).length + 2 + JSON.stringify(value).length; // key, colon, value, comma
    if (size + entry <= caps.bytes) {
      out[key] = value;
      size += entry;
    } else cut[key] = value;
  }
  out[CUT_KEY] = cutMarker(JSON.stringify(cut), `${Object.keys(cut).length} keys over ${caps.bytes} bytes`);
  return out;
}
