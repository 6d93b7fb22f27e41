// The caller's address: the socket peer, or X-Forwarded-For only as far as trusted proxies vouch.
import { CidrSet } from './cidr';
import { formatIp, parseIp, type ParsedIp } from './ip';

/**
 * Returns the client address for policy checks. X-Forwarded-For is anyone's to write, so it is
 * read only when the socket peer is a trusted proxy, and then walked right to left: each
 * trusted hop vouches for the entry to its left, and the first untrusted entry is the client.
 * If every hop is trusted the leftmost entry is the client. An unparseable entry stops the
 * walk at the last address a trusted proxy reported (we cannot see past garbage).
 * IPv4-mapped IPv6 comes back as dotted IPv4.
 */
export function clientIp(
  socketIp: string,
  xForwardedFor: string | readonly string[] | undefined,
  trustedProxies: readonly string[] | CidrSet,
): string {
  const trusted = trustedProxies instanceof CidrSet ? trustedProxies : new CidrSet(trustedProxies);
  const socket = parseIp(stripPort(socketIp));
  if (!socket) return socketIp;
  if (!trusted.contains(socket) || xForwardedFor === undefined) return formatIp(socket);

  const header = typeof xForwardedFor === 'string' ? xForwardedFor : xForwardedFor.join(',');
  const hops = header.split(',');
  let current: ParsedIp = socket;
  for (let i = hops.length - 1; i >= 0; i--) {
    const entry = hops[i]!.trim();
    if (entry === '') continue;
    const hop = parseIp(stripPort(entry));
    if (!hop) break;
    current = hop;
    if (!trusted.contains(hop)) break;
  }
  return formatIp(current);
}

/** Some proxies append a port: `1.2.3.4:5678`, `[2001:db8::1]:443`. */
function stripPort(text: string): string {
  const s = text.trim();
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    return end > 0 ? s.slice(1, end) : s;
  }
  const colon = s.indexOf(':');
  if (colon > 0 && colon === s.lastIndexOf(':') && s.includes('.')) return s.slice(0, colon);
  return s;
}
