// Admin-defined patterns run on re2js (a pure-JS RE2 port): matching time is linear in the
// input whatever the pattern, so a careless or hostile pattern cannot stall the gateway.
// The built-in backtracking RegExp is never used for admin patterns.
import { RE2JS } from 're2js';

export const MAX_PATTERN_LENGTH = 1000;
const MAX_PROGRAM_SIZE = 5000;

export type PatternResult = { ok: true; re: RE2JS } | { ok: false; message: string };

/** Compiles RE2 syntax; refuses patterns that match the empty string (they would match everywhere). */
export function compileCustomPattern(pattern: string): PatternResult {
  if (pattern.length === 0) return { ok: false, message: 'must not be empty' };
  if (pattern.length > MAX_PATTERN_LENGTH)
    return { ok: false, message: `must be at most ${MAX_PATTERN_LENGTH} characters` };
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { ok: false, message: `not a valid RE2 pattern: ${detail}` };
  }
  if (re.programSize() > MAX_PROGRAM_SIZE)
    return { ok: false, message: 'pattern is too complex (RE2 program too large)' };
  if (re.matches('')) return { ok: false, message: 'must not match the empty string' };
  return { ok: true, re };
}

/** Every non-overlapping match as [start, end) UTF-16 offsets. */
export function findAll(re: RE2JS, text: string, out: Array<[number, number]>): void {
  // test() stays on RE2's DFA and is much cheaper than building a matcher for the common miss.
  if (!re.test(text)) return;
  const m = re.matcher(text);
  let from = 0;
  while (from <= text.length && m.find(from)) {
    const start = m.start();
    const end = m.end();
    if (end > start) out.push([start, end]);
    from = end > start ? end : end + 1;
  }
}
