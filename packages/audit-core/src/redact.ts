// Masks secret-looking keys in event details before they are sealed: once hashed into the
// chain, a leaked secret can no longer be removed without breaking verification.
import type { JsonObject, JsonValue } from './schema';

export const REDACTED = '[REDACTED]';

// Matched against the key lowercased with every non-alphanumeric removed, so `client_secret`,
// `Client-Secret` and `clientSecret` all become `clientsecret`.
const SENSITIVE_WORDS = [
  'secret',
  'password',
  'passwd',
  'token',
  'authorization',
  'cookie',
  'privatekey',
  'apikey',
];
// Identifiers and display hints about a secret are not the secret (`tokenId`, `secretPrefix`),
// and the audit trail needs them to say which credential was used.
const SAFE_SUFFIXES = ['id', 'ids', 'prefix', 'count', 'type'];
const MAX_DEPTH = 32;

function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function sensitive(key: string, extraWords: readonly string[]): boolean {
  const k = normalise(key);
  if (SAFE_SUFFIXES.some((s) => k.endsWith(s) && k.length > s.length)) return false;
  return SENSITIVE_WORDS.some((w) => k.includes(w)) || extraWords.some((w) => k.includes(normalise(w)));
}

/**
 * The built-in words' verdicts by key: every gateway call and token seals the same few keys
 * (method, tool, latencyMs...), and normalising each key per event was a tenth of sealing one.
 * Bounded: a caller's arbitrary keys (tool arguments) cannot grow it past KNOWN_KEYS_MAX.
 */
const knownKeys = new Map<string, boolean>();
const KNOWN_KEYS_MAX = 4096;

export function isSensitiveKey(key: string, extraWords: readonly string[] = []): boolean {
  if (extraWords.length > 0) return sensitive(key, extraWords);
  let verdict = knownKeys.get(key);
  if (verdict === undefined) {
    verdict = sensitive(key, extraWords);
    if (knownKeys.size >= KNOWN_KEYS_MAX) knownKeys.clear();
    knownKeys.set(key, verdict);
  }
  return verdict;
}

export interface RedactOptions {
  /** More words that mark a key as sensitive (matched like the built-in ones). */
  extraWords?: readonly string[];
}

function redactValue(value: unknown, depth: number, extra: readonly string[]): JsonValue {
  if (value === null || typeof value !== 'object') {
    return value as JsonValue;
  }
  // Deeper than any legitimate details object: cut it off rather than recurse without bound.
  if (depth >= MAX_DEPTH) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, extra));
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = isSensitiveKey(key, extra) ? REDACTED : redactValue(v, depth + 1, extra);
  }
  return out;
}

/**
 * A copy of `details` in which every value under a secret-looking key (secret, password,
 * token, authorization, cookie, client_secret, private_key, api_key, at any depth, any case
 * or separator) is replaced by "[REDACTED]". The input is not modified.
 */
export function redactDetails(details: Record<string, unknown>, options: RedactOptions = {}): JsonObject {
  return redactValue(details, 0, options.extraWords ?? []) as JsonObject;
}
