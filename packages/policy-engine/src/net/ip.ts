// IP addresses as plain numbers, so matching a call against a CIDR list does no parsing.
import ipaddr from 'ipaddr.js';

/** An address reduced to what matching needs: IPv4 as one uint32, IPv6 as four. */
export type ParsedIp =
  { readonly v: 4; readonly n: number } | { readonly v: 6; readonly w: readonly number[] };

/**
 * Parses an IPv4 or IPv6 address. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) becomes IPv4, so a
 * dual-stack socket cannot slip past an IPv4 rule. IPv4 must be four plain decimal parts:
 * `127.1` and `010.0.0.1` are rejected because their meaning differs between parsers.
 */
export function parseIp(text: string): ParsedIp | undefined {
  const s = text.trim();
  if (s.length === 0) return undefined;
  if (s.includes(':')) {
    if (!ipaddr.IPv6.isValid(s)) return undefined;
    return fromAddress(ipaddr.IPv6.parse(s));
  }
  const n = parseDottedQuad(s);
  return n === undefined ? undefined : { v: 4, n };
}

/** Strict a.b.c.d (0-255, no leading zeros) to uint32; the hot path avoids a general parser. */
function parseDottedQuad(s: string): number | undefined {
  let n = 0;
  let part = 0;
  let digits = 0;
  let parts = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (digits === 0 || parts === 4) return undefined;
      n = n * 256 + part;
      parts++;
      part = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return undefined; // leading zero
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return undefined;
    } else {
      return undefined;
    }
  }
  return parts === 4 ? n >>> 0 : undefined;
}

export function fromAddress(addr: ipaddr.IPv4 | ipaddr.IPv6): ParsedIp {
  if (addr.kind() === 'ipv6') {
    const v6 = addr as ipaddr.IPv6;
    if (v6.isIPv4MappedAddress()) return fromAddress(v6.toIPv4Address());
    const p = v6.parts;
    return { v: 6, w: [word(p[0], p[1]), word(p[2], p[3]), word(p[4], p[5]), word(p[6], p[7])] };
  }
  const o = (addr as ipaddr.IPv4).octets;
  return { v: 4, n: ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0 };
}

function word(hi: number | undefined, lo: number | undefined): number {
  return (((hi ?? 0) << 16) | (lo ?? 0)) >>> 0;
}

/** Canonical text of an address: dotted quad for IPv4 (mapped or not), RFC 5952 for IPv6. */
export function formatIp(ip: ParsedIp): string {
  if (ip.v === 4) return `${ip.n >>> 24}.${(ip.n >>> 16) & 255}.${(ip.n >>> 8) & 255}.${ip.n & 255}`;
  const parts: number[] = [];
  for (const w of ip.w) parts.push(w >>> 16, w & 0xffff);
  return new ipaddr.IPv6(parts).toString();
}
