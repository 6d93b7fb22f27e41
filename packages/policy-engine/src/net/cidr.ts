// CIDR parsing (with messages an admin can act on) and a pre-compiled set for matching.
import { formatIp, parseIp, type ParsedIp } from './ip';

export interface Cidr {
  readonly ip: ParsedIp;
  readonly bits: number;
  /** Normalised text, e.g. `10.0.0.0/8` for `::ffff:10.0.0.0/104`. */
  readonly text: string;
}

export type CidrResult = { ok: true; cidr: Cidr } | { ok: false; message: string };

/**
 * Parses `a.b.c.d/n`, `x::y/n` or a bare address (a host route). Host bits must be zero:
 * `10.0.0.1/8` is more often a typo than a wish, so it is refused with the likely meaning.
 */
export function parseCidr(text: string): CidrResult {
  const s = text.trim();
  const slash = s.indexOf('/');
  const addrText = slash < 0 ? s : s.slice(0, slash);
  const ip = parseIp(addrText);
  if (!ip) return { ok: false, message: `'${text}' is not a valid IPv4 or IPv6 CIDR` };
  const mapped = addrText.includes(':') && ip.v === 4;
  const max = ip.v === 4 && !mapped ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const bitsText = s.slice(slash + 1);
    if (!/^\d{1,3}$/.test(bitsText) || Number(bitsText) > max) {
      return { ok: false, message: `'${text}' has an invalid prefix length (0-${max} allowed)` };
    }
    bits = Number(bitsText);
  }
  if (mapped) {
    // ::ffff:a.b.c.d/n (n >= 96) is the IPv4 network a.b.c.d/(n-96); anything wider is IPv6 space.
    if (bits < 96) return { ok: false, message: `'${text}': IPv4-mapped prefixes must be /96 or longer` };
    bits -= 96;
  }
  const network = maskIp(ip, bits);
  if (!sameIp(network, ip)) {
    const suggestion = `${formatIp(network)}/${bits}`;
    return { ok: false, message: `'${text}' has host bits set; did you mean '${suggestion}'?` };
  }
  return { ok: true, cidr: { ip: network, bits, text: `${formatIp(network)}/${bits}` } };
}

function maskIp(ip: ParsedIp, bits: number): ParsedIp {
  if (ip.v === 4) return { v: 4, n: (ip.n & mask32(bits)) >>> 0 };
  return { v: 6, w: ip.w.map((w, i) => (w & mask32(bits - 32 * i)) >>> 0) };
}

/** The mask of the top `bits` bits of a 32-bit word (clamped to 0..32). */
function mask32(bits: number): number {
  if (bits <= 0) return 0;
  if (bits >= 32) return 0xffffffff;
  return (0xffffffff << (32 - bits)) >>> 0;
}

function sameIp(a: ParsedIp, b: ParsedIp): boolean {
  if (a.v === 4) return b.v === 4 && a.n === b.n;
  return b.v === 6 && a.w.every((w, i) => w === b.w[i]);
}

interface V4Rule {
  net: number;
  mask: number;
  text: string;
}
interface V6Rule {
  w: number[];
  m: number[];
  text: string;
}

/** A list of CIDRs compiled once; matching does integer comparisons only. */
export class CidrSet {
  readonly #v4: V4Rule[] = [];
  readonly #v6: V6Rule[] = [];
  readonly size: number;

  /** Throws on an invalid entry: validate with `parseCidr` (the policy schema does) first. */
  constructor(cidrs: readonly string[]) {
    for (const entry of cidrs) {
      const r = parseCidr(entry);
      if (!r.ok) throw new Error(r.message);
      const { ip, bits, text } = r.cidr;
      if (ip.v === 4) this.#v4.push({ net: ip.n, mask: mask32(bits), text });
      else this.#v6.push({ w: [...ip.w], m: [0, 1, 2, 3].map((i) => mask32(bits - 32 * i)), text });
    }
    this.size = cidrs.length;
  }

  contains(ip: ParsedIp): boolean {
    return this.find(ip) !== undefined;
  }

  /** The first entry (normalised text) that contains `ip`. */
  find(ip: ParsedIp): string | undefined {
    if (ip.v === 4) {
      for (const r of this.#v4) if ((ip.n & r.mask) >>> 0 === r.net) return r.text;
      return undefined;
    }
    const w = ip.w;
    for (const r of this.#v6) {
      if (
        (w[0]! & r.m[0]!) >>> 0 === r.w[0] &&
        (w[1]! & r.m[1]!) >>> 0 === r.w[1] &&
        (w[2]! & r.m[2]!) >>> 0 === r.w[2] &&
        (w[3]! & r.m[3]!) >>> 0 === r.w[3]
      ) {
        return r.text;
      }
    }
    return undefined;
  }

  /** Convenience for callers holding text; an unparseable address is in no set. */
  containsText(ip: string): boolean {
    const parsed = parseIp(ip);
    return parsed !== undefined && this.contains(parsed);
  }
}
