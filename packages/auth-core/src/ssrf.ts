// SSRF guard for upstream MCP server URLs that tenants register: http(s) only, no
// credentials in the URL, and no address the gateway should never be made to call.
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostResolver = (hostname: string) => Promise<readonly ResolvedAddress[]>;

export interface UpstreamUrlOptions {
  /** Allow 127.0.0.0/8 and ::1 (local development, an upstream on the same host). */
  allowLoopback?: boolean;
  /** Allow RFC 1918, CGNAT 100.64.0.0/10 and ULA fc00::/7 (an upstream on a private network). */
  allowPrivate?: boolean;
  /** Default: every address dns.lookup finds (A and AAAA, as the OS resolves them). */
  resolver?: HostResolver;
}

export interface CheckedUpstreamUrl {
  /** The URL as parsed (fragment dropped). */
  url: string;
  hostname: string;
  port: number;
  /**
   * Every address the host resolved to, all allowed. Connect to these (pin them, keeping the
   * hostname for Host and TLS SNI): resolving again at connect time would let DNS rebinding
   * swap in a forbidden address after this check.
   */
  addresses: ResolvedAddress[];
}

export type AddressClass = 'public' | 'loopback' | 'private' | 'forbidden';

export type UpstreamUrlErrorCode =
  'invalid_url' | 'bad_scheme' | 'credentials' | 'unresolvable' | 'forbidden_address';

export class UpstreamUrlError extends Error {
  override readonly name = 'UpstreamUrlError';
  constructor(
    readonly code: UpstreamUrlErrorCode,
    message: string,
    /** The refused address, for server logs; kept out of the message a tenant sees. */
    readonly address?: string,
  ) {
    super(message);
  }
}

const MAX_URL_LENGTH = 2048;

const defaultResolver: HostResolver = async (hostname) => {
  const found = await lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export async function checkUpstreamUrl(
  input: string,
  options: UpstreamUrlOptions = {},
): Promise<CheckedUpstreamUrl> {
  if (typeof input !== 'string' || input.length > MAX_URL_LENGTH)
    throw new UpstreamUrlError('invalid_url', 'upstream URL is missing or too long');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UpstreamUrlError('invalid_url', 'upstream URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UpstreamUrlError('bad_scheme', 'upstream URL must be http or https');
  if (url.username || url.password)
    throw new UpstreamUrlError(
      'credentials',
      'upstream URL must not contain credentials; store them as the upstream credential',
    );
  url.hash = '';
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  if (!hostname) throw new UpstreamUrlError('invalid_url', 'upstream URL has no host');

  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = [...(await (options.resolver ?? defaultResolver)(hostname))];
    } catch {
      throw new UpstreamUrlError('unresolvable', `upstream host ${hostname} does not resolve`);
    }
    if (addresses.length === 0)
      throw new UpstreamUrlError('unresolvable', `upstream host ${hostname} does not resolve`);
  }

  // Every address must pass: an attacker's DNS can return a public and a private one together.
  for (const a of addresses) {
    const kind = classifyAddress(a.address);
    const ok =
      kind === 'public' ||
      (kind === 'loopback' && options.allowLoopback === true) ||
      (kind === 'private' && options.allowPrivate === true);
    if (!ok)
      throw new UpstreamUrlError(
        'forbidden_address',
        `upstream host resolves to a ${kind} address, which is not allowed`,
        a.address,
      );
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { url: url.href, hostname, port, addresses: dedupe(addresses) };
}

/**
 * What an IP address is, for outbound-call decisions. IPv4-mapped (::ffff:a.b.c.d) and NAT64
 * (64:ff9b::/96) addresses are judged by the IPv4 address inside. Forbidden whatever the
 * options: link-local (169.254/16 with the cloud metadata endpoint, fe80::/10), unspecified,
 * broadcast, multicast, documentation/benchmarking/reserved ranges, 6to4 and Teredo tunnels,
 * site-local fec0::/10, and anything unparseable.
 */
export function classifyAddress(address: string): AddressClass {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.process(address); // also unwraps ::ffff:a.b.c.d and ::a.b.c.d to IPv4
  } catch {
    return 'forbidden';
  }
  if (ip.kind() === 'ipv6' && ip.range() === 'rfc6052') {
    const bytes = ip.toByteArray();
    return classifyAddress(bytes.slice(12).join('.'));
  }
  switch (ip.range()) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'uniqueLocal':
    case 'carrierGradeNat':
      return 'private';
    default:
      return 'forbidden';
  }
}

function dedupe(addresses: ResolvedAddress[]): ResolvedAddress[] {
  const seen = new Set<string>();
  return addresses.filter((a) => !seen.has(a.address) && (seen.add(a.address), true));
}
