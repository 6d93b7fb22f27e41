// Redirect URIs of interactive clients (the MCP hosts people use): which ones a client may
// register, and whether the one an authorization request names is one of them.
//
// Allowed (OAuth 2.1 §2.3.1, RFC 8252 §7):
//   https://host/path             any web or hosted callback (https://vscode.dev/redirect)
//   http://127.0.0.1:port/path    loopback, for native apps: the port is chosen at run time, so
//   http://[::1]:port/path        it is ignored when matching (RFC 8252 §7.3); `localhost` is
//   http://localhost:port/path    accepted too, as real clients use it (but never matches 127.0.0.1)
//   cursor://host/path            private-use schemes, for native clients only (RFC 8252 §7.1)
// Refused: fragments, credentials, plain http elsewhere, and schemes a browser would run or
// read locally (javascript:, data:, file: ...). Matching is exact string equality otherwise.

export type RedirectUriKind = 'https' | 'loopback' | 'private_use';

export class RedirectUriError extends Error {
  override readonly name = 'RedirectUriError';
  readonly code = 'invalid_redirect_uri';
}

const MAX_LENGTH = 2048;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);
/** Schemes that are not a native app's callback: they run, read or fetch something. */
const FORBIDDEN_SCHEMES = new Set([
  'javascript',
  'data',
  'file',
  'vbscript',
  'about',
  'blob',
  'filesystem',
  'ftp',
  'ws',
  'wss',
  'mailto',
  'tel',
  'sms',
  'view-source',
  'jar',
  'chrome',
  'chrome-extension',
  'resource',
  'intent',
  'content',
  'urn',
]);

function parse(uri: string): URL {
  if (typeof uri !== 'string' || uri.length === 0 || uri.length > MAX_LENGTH) {
    throw new RedirectUriError('a redirect URI must be an absolute URI of at most 2048 characters');
  }
  for (let i = 0; i < uri.length; i++) {
    const c = uri.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f || c === 0x5c || c > 0x7e) {
      throw new RedirectUriError(
        'a redirect URI must not contain spaces, control characters, backslashes or non-ASCII characters',
      );
    }
  }
  if (uri.includes('#')) throw new RedirectUriError('a redirect URI must not contain a fragment');
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new RedirectUriError('a redirect URI must be an absolute URI');
  }
  if (url.username || url.password) throw new RedirectUriError('a redirect URI must not contain credentials');
  return url;
}

/** What kind of redirect URI this is, or a RedirectUriError saying why it cannot be registered. */
export function classifyRedirectUri(uri: string): RedirectUriKind {
  const url = parse(uri);
  const scheme = url.protocol.slice(0, -1);
  if (scheme === 'https') {
    if (!url.hostname) throw new RedirectUriError('an https redirect URI needs a host');
    return 'https';
  }
  if (scheme === 'http') {
    if (!LOOPBACK_HOSTS.has(url.hostname)) {
      throw new RedirectUriError(
        'plain http is only allowed for loopback redirect URIs (127.0.0.1, [::1], localhost)',
      );
    }
    return 'loopback';
  }
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme) || FORBIDDEN_SCHEMES.has(scheme)) {
    throw new RedirectUriError(`the ${scheme}: scheme cannot be a redirect URI`);
  }
  if (!url.host && !url.pathname.startsWith('/')) {
    throw new RedirectUriError('a private-use redirect URI needs a path (com.example.app:/callback)');
  }
  return 'private_use';
}

/**
 * Whether `presented` is one of `registered`: the same string, or for a loopback URI the same
 * but for the port. Registered values were checked by classifyRedirectUri; a presented value
 * that would not pass it never matches.
 */
export function matchRedirectUri(registered: readonly string[], presented: string): boolean {
  if (registered.includes(presented)) {
    try {
      classifyRedirectUri(presented);
      return true;
    } catch {
      return false;
    }
  }
  let url: URL;
  try {
    if (classifyRedirectUri(presented) !== 'loopback') return false;
    url = parse(presented);
  } catch {
    return false;
  }
  return registered.some((r) => {
    let reg: URL;
    try {
      if (classifyRedirectUri(r) !== 'loopback') return false;
      reg = parse(r);
    } catch {
      return false;
    }
    return reg.hostname === url.hostname && reg.pathname === url.pathname && reg.search === url.search;
  });
}

/** What a person is shown as where the code goes: the host, or the scheme of a native app. */
export function redirectTarget(uri: string): string {
  try {
    const url = parse(uri);
    const scheme = url.protocol.slice(0, -1);
    if (scheme === 'https' || scheme === 'http') return url.host;
    return url.host ? `${scheme}://${url.host}` : `${scheme}:`;
  } catch {
    return 'an invalid address';
  }
}
