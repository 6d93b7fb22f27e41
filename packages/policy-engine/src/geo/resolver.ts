// Country lookup behind an interface: the gateway resolves once per call and passes the code
// in the call context; evaluate() can also resolve through one when the context has none.
import { formatIp, parseIp } from '../net/ip';

export interface GeoResolver {
  /** ISO 3166-1 alpha-2 code, or undefined for private, reserved or unmapped addresses. */
  country(ip: string): string | undefined;
}

/** Canonical form for lookups: IPv4-mapped IPv6 becomes dotted IPv4 (IPv4-only databases). */
export function lookupForm(ip: string): string | undefined {
  const parsed = parseIp(ip);
  return parsed ? formatIp(parsed) : undefined;
}
