// RateLimit-Policy and RateLimit fields (draft-ietf-httpapi-ratelimit-headers-10): a list of
// items named by quoted policy name, with q (quota) and w (window, s) for the policy, and
// r (remaining) and t (seconds until reset) for the current state.

export interface HeaderItem {
  name: string;
  quota: number;
  windowSec: number;
  remaining: number;
  resetSec: number;
}

const quoted = new Map<string, string>();

/** A structured-field string: printable ASCII, with \ and " escaped (memoised: names repeat). */
function sfString(s: string): string {
  let q = quoted.get(s);
  if (q === undefined) {
    const ascii = s.replace(/[^\x20-\x7e]/g, '?');
    q = `"${ascii.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
    if (quoted.size > 10_000) quoted.clear();
    quoted.set(s, q);
  }
  return q;
}

export function rateLimitHeaders(
  items: readonly HeaderItem[],
  retryAfterSec?: number,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (items.length > 0) {
    headers['RateLimit-Policy'] = items
      .map((i) => `${sfString(i.name)};q=${i.quota};w=${Math.ceil(i.windowSec)}`)
      .join(', ');
    headers['RateLimit'] = items
      .map(
        (i) =>
          `${sfString(i.name)};r=${Math.max(0, Math.floor(i.remaining))};t=${Math.max(0, Math.ceil(i.resetSec))}`,
      )
      .join(', ');
  }
  if (retryAfterSec !== undefined) headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterSec)));
  return headers;
}
