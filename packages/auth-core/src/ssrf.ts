// SSRF guard for every URL the platform fetches (upstream MCP servers, webhooks, documents):
// http(s) only, no credentials in the URL, and no address the platform should never be made to call.
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

/**
 * What an address is, for outbound-call decisions: `public` may be called; `loopback` and
 * `private` only under the deployment's explicit settings; `metadata` (cloud instance metadata
 * and credential endpoints) and `forbidden` (everything else special) never.
 */
export type AddressClass = 'public' | 'loopback' | 'private' | 'metadata' | 'forbidden';

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

/** The syntax rules alone (no DNS): an absolute http(s) URL without credentials or fragment. */
export function parseUpstreamUrl(input: string): URL {
  if (typeof input !== 'string' || input.length > MAX_URL_LENGTH)
    throw new UpstreamUrlError('invalid_url', 'URL is missing or too long');
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UpstreamUrlError('invalid_url', 'URL is not an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new UpstreamUrlError('bad_scheme', 'URL must be http or https');
  if (url.username || url.password)
    throw new UpstreamUrlError('credentials', 'URL must not contain credentials');
  if (!url.hostname) throw new UpstreamUrlError('invalid_url', 'URL has no host');
  url.hash = '';
  return url;
}

export async function checkUpstreamUrl(
  input: string,
  options: UpstreamUrlOptions = {},
): Promise<CheckedUpstreamUrl> {
  const url = parseUpstreamUrl(input);
  const hostname = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;

  let addresses: ResolvedAddress[];
  const literal = isIP(hostname);
  if (literal) {
    addresses = [{ address: hostname, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = [...(await (options.resolver ?? defaultResolver)(hostname))];
    } catch {
      throw new UpstreamUrlError('unresolvable', `host ${hostname} does not resolve`);
    }
    if (addresses.length === 0)
      throw new UpstreamUrlError('unresolvable', `host ${hostname} does not resolve`);
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
        kind === 'metadata'
          ? 'host resolves to a cloud metadata address, which is never allowed'
          : `host resolves to a ${kind} address, which is not allowed`,
        a.address,
      );
  }
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { url: url.href, hostname, port, addresses: dedupe(addresses) };
}

/**
 * Cloud instance metadata and credential endpoints: never called, whatever the settings (some
 * sit in ranges a deployment may allow, such as ULA, CGNAT or even public space).
 */
const METADATA_ADDRESSES = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OCI, DigitalOcean, OpenStack
  '169.254.170.2', // AWS ECS task credentials
  '169.254.170.23', // AWS EKS Pod Identity
  '100.100.100.200', // Alibaba Cloud (in CGNAT space)
  '168.63.129.16', // Azure WireServer (in public space)
  '192.0.0.192', // Oracle Cloud (legacy)
  'fd00:ec2::254', // AWS over IPv6 (in ULA space)
  'fd00:ec2::23', // AWS EKS Pod Identity over IPv6
  'fd20:ce::254', // GCP over IPv6
]);

const cidr = (c: string) => ipaddr.parseCIDR(c);
/** IPv6 that cannot be judged by what it embeds, or must not be reached at all. */
const IPV6_NEVER = [
  cidr('64:ff9b:1::/48'), // NAT64 local use (RFC 8215): where the IPv4 sits depends on the operator
  cidr('2002::/16'), // 6to4: tunnels to an embedded IPv4 (private, loopback, metadata...)
  cidr('2001::/32'), // Teredo: same
  cidr('3fff::/20'), // documentation (RFC 9637)
];
const NAT64 = cidr('64:ff9b::/96');
const GLOBAL_UNICAST = cidr('2000::/3');

/**
 * What an IP address is. IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::/96) addresses are
 * judged by the IPv4 address inside, since that is where a connection goes. IPv4-compatible
 * (::a.b.c.d, deprecated), 6to4, Teredo and NAT64 local-use addresses are forbidden whatever they
 * embed. Public IPv6 means global unicast (2000::/3) outside the special ranges. Forbidden
 * whatever the options: link-local, unspecified (0.0.0.0/8, ::), broadcast, multicast,
 * documentation, benchmarking and reserved ranges, site-local, and anything unparseable.
 */
export function classifyAddress(address: string): AddressClass {
  const family = isIP(address);
  try {
    if (family === 4) return classifyV4(ipaddr.IPv4.parse(address));
    // Through the URL parser first: ipaddr.js reads the text form ::a.b.c.d as ::ffff:a.b.c.d,
    // while a socket connects to ::a.b.c.d (IPv4-compatible), a different address.
    if (family === 6)
      return classifyV6(ipaddr.IPv6.parse(new URL(`http://[${address}]/`).hostname.slice(1, -1)));
  } catch {
    /* unparseable (a zone id, say): forbidden below */
  }
  return 'forbidden';
}

function classifyV4(ip: ipaddr.IPv4): AddressClass {
  if (METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  switch (ip.range()) {
    case 'unicast':
      return 'public';
    case 'loopback':
      return 'loopback';
    case 'private':
    case 'carrierGradeNat':
      return 'private';
    default:
      return 'forbidden';
  }
}

function classifyV6(ip: ipaddr.IPv6): AddressClass {
  const bytes = ip.toByteArray();
  const embedded = () => ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  if (ip.isIPv4MappedAddress() || ip.match(NAT64)) return classifyV4(embedded());
  if (bytes.slice(0, 12).every((b) => b === 0)) {
    // ::, ::1, and the deprecated IPv4-compatible ::a.b.c.d
    return ip.range() === 'loopback' ? 'loopback' : 'forbidden';
  }
  if (METADATA_ADDRESSES.has(ip.toString())) return 'metadata';
  if (IPV6_NEVER.some((r) => ip.match(r))) return 'forbidden';
  switch (ip.range()) {
    case 'uniqueLocal':
      return 'private';
    case 'unicast':
      return ip.match(GLOBAL_UNICAST) ? 'public' : 'forbidden';
    default:
      return 'forbidden';
  }
}

function dedupe(addresses: ResolvedAddress[]): ResolvedAddress[] {
  const seen = new Set<string>();
  return addresses.filter((a) => !seen.has(a.address) && (seen.add(a.address), true));
}
