// Where to go after signing in (`?next=`, and single sign-on's return): only a path on the
// console's own origin, and what is returned is the path as a browser's URL parser reads it,
// so what was checked is what is followed: `/%09/evil.com` decodes to "/\t/evil.com", which a
// browser reads as "//evil.com". Shared by the console and the API so both apply one rule.
const BASE = 'https://console.invalid';

export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.length > 2048 || next.startsWith('//')) return fallback;
  // Control characters and backslashes are what URL parsers strip or rewrite into "//host".
  if ([...next].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f || c === '\\'))
    return fallback;
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}${url.hash}`;
  return url.origin !== BASE || path.startsWith('//') ? fallback : path;
}
