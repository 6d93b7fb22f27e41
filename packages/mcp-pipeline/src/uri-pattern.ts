// Resource allow-lists: a grant names the resource URIs an agent may read as patterns, where
// `*` stands for any run of characters (including none and including `/`) and everything else
// is literal. `file:///docs/*` allows every URI under /docs; a pattern without `*` allows one
// URI. Matching is linear-time per pattern (no regular expressions built from tenant input).

export const MAX_PATTERN_LENGTH = 512;
export const MAX_PATTERN_STARS = 8;

/** Why a pattern cannot be used, or null when it can. */
export function uriPatternProblem(pattern: string): string | null {
  if (typeof pattern !== 'string' || pattern.length === 0) return 'must not be empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `must be at most ${MAX_PATTERN_LENGTH} characters`;
  if ([...pattern].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f))
    return 'must not contain spaces or control characters';
  if ((pattern.match(/\*/g) ?? []).length > MAX_PATTERN_STARS)
    return `may use * at most ${MAX_PATTERN_STARS} times`;
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(pattern))
    return 'must start with a URI scheme, e.g. file:// or https://';
  return null;
}

/** Whether `uri` matches `pattern` (`*` = any characters). Greedy with backtracking to the last star: O(n*m) worst case, bounded by the length caps. */
export function matchUriPattern(pattern: string, uri: string): boolean {
  let p = 0;
  let u = 0;
  let star = -1;
  let mark = 0;
  while (u < uri.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === uri[u]) {
      p++;
      u++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      mark = u;
    } else if (star !== -1) {
      p = star + 1;
      u = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}
