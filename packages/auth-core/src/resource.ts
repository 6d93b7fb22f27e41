// RFC 8707 resource indicators: one canonical form for the URI a token is for, so that what a
// client sends, what the PRM publishes and the token's aud compare equal.

/** The RFC 8707 error the token and authorize endpoints answer with. */
export class ResourceError extends Error {
  override readonly name = 'ResourceError';
  readonly code = 'invalid_target';
}

const MAX_RESOURCE_LENGTH = 2048;

/**
 * Canonical form of a resource indicator: scheme and host lowercased (by the URL parser, which
 * also punycodes IDNs), default port dropped, trailing slashes stripped from the path, so
 * `HTTPS://GW.example.com:443/` and `https://gw.example.com` are one resource, and the
 * `https://gw.example.com/` that the TS SDK sends (`new URL(prm.resource).href`) matches a
 * PRM that says `https://gw.example.com`. The query is kept (RFC 8707 allows one).
 * Refused: non-http(s), fragments (even empty), userinfo, whitespace, control characters and
 * backslashes (which the WHATWG parser would silently drop or turn into slashes).
 */
export function normalizeResource(input: string): string {
  const known = typeof input === 'string' ? normalized.get(input) : undefined;
  if (known !== undefined) return known;
  const canonical = parseResource(input);
  // A pure function of its input: the token endpoint normalizes the same few resources on every
  // request (the request's, then the audience it signs), each a URL parse otherwise.
  if (normalized.size >= MAX_REMEMBERED) normalized.clear();
  normalized.set(input, canonical);
  return canonical;
}

/** Inputs seen and their canonical form; refused inputs are never remembered (they throw). */
const normalized = new Map<string, string>();
const MAX_REMEMBERED = 1000;

function parseResource(input: string): string {
  if (typeof input !== 'string' || input.length === 0 || input.length > MAX_RESOURCE_LENGTH) {
    throw new ResourceError('resource must be an absolute URI');
  }
  if (hasUnsafeCharacter(input))
    throw new ResourceError('resource contains whitespace, control characters or backslashes');
  if (input.includes('#')) throw new ResourceError('resource must not contain a fragment');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new ResourceError('resource must be an absolute URI');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ResourceError('resource must be an http or https URI');
  if (url.username || url.password) throw new ResourceError('resource must not contain credentials');
  if (!url.hostname) throw new ResourceError('resource has no host');
  const path = url.pathname.replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}${url.search}`;
}

function hasUnsafeCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x5c) return true;
  }
  return false;
}

/** True when both are valid resource indicators naming the same resource. */
export function sameResource(a: string, b: string): boolean {
  try {
    return normalizeResource(a) === normalizeResource(b);
  } catch {
    return false;
  }
}
