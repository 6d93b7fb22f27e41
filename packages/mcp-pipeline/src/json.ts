// JSON as the gateway reads it: parsed once, and refused when another parser could read it
// differently. Duplicate keys are the classic differential (JSON.parse keeps the last one, other
// parsers the first or both), so a text with any duplicate key is refused rather than guessed.
import { PipelineError } from './errors';

export interface JsonLimits {
  /** Deepest nesting of arrays and objects. */
  maxDepth: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 64 };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Object members written in the text: one `:` outside strings per member. Strings are skipped
 * with indexOf, so long values cost little. Only meaningful for text JSON.parse accepted.
 */
function membersInText(text: string): number {
  let members = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // Skip to the closing quote: one not preceded by an odd run of backslashes.
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        let k = j - 1;
        while (text.charCodeAt(k) === BACKSLASH) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j++;
      }
      i = j + 1;
      continue;
    }
    if (c === COLON) members++;
    i++;
  }
  return members;
}

/** Object members in the parsed value, and its depth checked on the way. */
function membersInValue(value: unknown, depth: number, limits: JsonLimits): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= limits.maxDepth)
    throw new PipelineError('too_deep', `JSON is nested deeper than ${limits.maxDepth} levels`);
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += membersInValue(item, depth + 1, limits);
    return count;
  }
  const keys = Object.keys(value);
  count += keys.length;
  for (const key of keys) count += membersInValue((value as Record<string, unknown>)[key], depth + 1, limits);
  return count;
}

/**
 * Parses JSON text, refusing what the gateway cannot read unambiguously: invalid JSON, a
 * duplicate key anywhere, or nesting deeper than the limit. Throws PipelineError.
 */
export function parseJsonStrict(text: string, limits: JsonLimits = DEFAULT_JSON_LIMITS): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PipelineError('parse_error', 'the body is not valid JSON');
  }
  // JSON.parse folds duplicates: fewer members in the value than in the text means one was dropped.
  if (membersInValue(value, 0, limits) !== membersInText(text)) {
    throw new PipelineError('duplicate_key', 'a JSON object has the same key twice');
  }
  return value;
}
