// The Bearer challenge (RFC 6750 section 3, RFC 9728 section 5.1): read by agents, written by servers.

/** Parameters of the first Bearer challenge in a WWW-Authenticate value, names lowercased. */
export function parseBearerChallenge(header: string | null | undefined): Record<string, string> | undefined {
  if (!header) return undefined;
  const start = header.search(/(^|,\s*)Bearer(\s|$)/i);
  if (start === -1) return undefined;
  const rest = header.slice(header.toLowerCase().indexOf('bearer', start) + 'bearer'.length);
  const params: Record<string, string> = {};
  const pattern = /\s*,?\s*([A-Za-z0-9_-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^\s,]+)/y;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(rest)) !== null) {
    const name = match[1]!.toLowerCase();
    const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, '$1') : match[2]!;
    // The loop ends where the next challenge's scheme (a name without "=") begins.
    if (!(name in params)) params[name] = value;
  }
  return params;
}

/** A quoted-string value: backslash and double quote escaped, control characters dropped. */
function quote(value: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${value.replace(/[\x00-\x1f\x7f]/g, ' ').replace(/(["\\])/g, '\\$1')}"`;
}

/** `Bearer name="value", ...` with the parameters that have a value, in the order given. */
export function formatBearerChallenge(params: Record<string, string | undefined>): string {
  const parts = Object.entries(params)
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([name, value]) => `${name}=${quote(value)}`);
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}
