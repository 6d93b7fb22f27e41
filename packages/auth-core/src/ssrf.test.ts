import { describe, expect, it } from 'vitest';
import { UpstreamUrlError, checkUpstreamUrl, classifyAddress } from './ssrf';
import type { HostResolver, ResolvedAddress, UpstreamUrlOptions } from './ssrf';

/** A resolver answering from a fixed table, recording the names it was asked for. */
function fakeDns(table: Record<string, string[]>): HostResolver & { asked: string[] } {
  const asked: string[] = [];
  const resolver = async (host: string): Promise<ResolvedAddress[]> => {
    asked.push(host);
    const found = table[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { asked });
}

async function codeOf(url: string, options: UpstreamUrlOptions = {}): Promise<string> {
  try {
    await checkUpstreamUrl(url, options);
  } catch (e) {
    if (e instanceof UpstreamUrlError) return e.code;
    throw e;
  }
  return 'allowed';
}

describe('classifyAddress', () => {
  it.each([
    ['8.8.8.8', 'public'],
    ['2606:4700:4700::1111', 'public'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['::1', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'private'], // CGNAT
    ['fd00::1', 'private'], // ULA
    ['fc00::1', 'private'],
    ['169.254.169.254', 'metadata'], // cloud metadata (AWS, GCP, Azure...)
    ['169.254.170.2', 'metadata'], // ECS credentials
    ['fd00:ec2::254', 'metadata'], // AWS over IPv6, inside ULA space
    ['fd00:ec2:0:0:0:0:0:254', 'metadata'], // the same, spelled out
    ['fd20:ce::254', 'metadata'], // GCP over IPv6
    ['100.100.100.200', 'metadata'], // Alibaba, inside CGNAT space
    ['168.63.129.16', 'metadata'], // Azure WireServer, inside public space
    ['192.0.0.192', 'metadata'], // Oracle
    ['169.254.1.1', 'forbidden'],
    ['fe80::1', 'forbidden'],
    ['0.0.0.0', 'forbidden'],
    ['0.1.2.3', 'forbidden'], // 0.0.0.0/8: "this network", reaches the host on some systems
    ['198.18.0.1', 'forbidden'], // benchmarking
    ['198.19.255.1', 'forbidden'],
    ['2001:2::1', 'forbidden'],
    ['198.51.100.7', 'forbidden'], // documentation
    ['203.0.113.9', 'forbidden'],
    ['3fff::1', 'forbidden'],
    ['240.0.0.1', 'forbidden'], // reserved
    ['192.0.0.8', 'forbidden'], // IETF protocol assignments
    ['100::1', 'forbidden'], // discard-only
    ['4000::1', 'forbidden'], // outside global unicast
    ['fe80::1%eth0', 'forbidden'],
    ['::', 'forbidden'],
    ['224.0.0.1', 'forbidden'],
    ['ff02::1', 'forbidden'],
    ['255.255.255.255', 'forbidden'],
    ['192.0.2.1', 'forbidden'], // documentation
    ['2001:db8::1', 'forbidden'],
    ['fec0::1', 'forbidden'], // deprecated site-local
    ['2002:a9fe:a9fe::1', 'forbidden'], // 6to4 wrapping 169.254.169.254
    ['2001::1', 'forbidden'], // Teredo
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'forbidden'],
    ['2002:7f00:1::', 'forbidden'], // 6to4 wrapping 127.0.0.1
    ['2002:a00:1::', 'forbidden'], // 6to4 wrapping 10.0.0.1
    ['2002:808:808::', 'forbidden'], // 6to4 is refused whatever it wraps
    ['not-an-ip', 'forbidden'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('judges IPv4-mapped and NAT64 IPv6 by the IPv4 address inside', () => {
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('loopback');
    expect(classifyAddress('::ffff:169.254.169.254')).toBe('metadata');
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('metadata');
    expect(classifyAddress('::ffff:169.254.1.1')).toBe('forbidden');
    expect(classifyAddress('::ffff:100.100.100.200')).toBe('metadata');
    expect(classifyAddress('::ffff:10.1.2.3')).toBe('private');
    expect(classifyAddress('::ffff:8.8.8.8')).toBe('public');
    expect(classifyAddress('64:ff9b::a9fe:a9fe')).toBe('metadata');
    expect(classifyAddress('64:ff9b::7f00:1')).toBe('loopback');
    expect(classifyAddress('64:ff9b::a00:1')).toBe('private');
    expect(classifyAddress('64:ff9b::808:808')).toBe('public');
  });

  it('refuses IPv4-compatible IPv6 and NAT64 local-use addresses whatever they embed', () => {
    // The URL parser writes [::127.0.0.1] as [::7f00:1]: both spellings must be refused.
    expect(classifyAddress('::127.0.0.1')).toBe('forbidden');
    expect(classifyAddress('::7f00:1')).toBe('forbidden');
    expect(classifyAddress('::808:808')).toBe('forbidden');
    expect(classifyAddress('::ffff:0:7f00:1')).toBe('forbidden'); // IPv4-translated (RFC 6145)
    expect(classifyAddress('64:ff9b:1::a00:1')).toBe('forbidden');
    expect(classifyAddress('64:ff9b:1::808:808')).toBe('forbidden');
  });
});

describe('checkUpstreamUrl', () => {
  const dns = fakeDns({
    'mcp.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'internal.example.com': ['10.0.0.7'],
    'metadata.example.com': ['169.254.169.254'],
    'ipv6-metadata.example.com': ['fd00:ec2::254'],
    'mixed.example.com': ['93.184.215.14', '127.0.0.1'],
    'mapped.example.com': ['::ffff:127.0.0.1'],
    localhost: ['127.0.0.1', '::1'],
    'empty.example.com': [],
  });

  it('returns every resolved address of an allowed host, for pinning', async () => {
    const r = await checkUpstreamUrl('https://mcp.example.com/mcp#frag', { resolver: dns });
    expect(r).toEqual({
      url: 'https://mcp.example.com/mcp',
      hostname: 'mcp.example.com',
      port: 443,
      addresses: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
    });
    expect((await checkUpstreamUrl('http://mcp.example.com:8080/x', { resolver: dns })).port).toBe(8080);
  });

  it('refuses schemes other than http and https, and credentials in the URL', async () => {
    expect(await codeOf('ftp://mcp.example.com/', { resolver: dns })).toBe('bad_scheme');
    expect(await codeOf('file:///etc/passwd', { resolver: dns })).toBe('bad_scheme');
    expect(await codeOf('gopher://mcp.example.com/', { resolver: dns })).toBe('bad_scheme');
    expect(await codeOf('https://user:pw@mcp.example.com/mcp', { resolver: dns })).toBe('credentials');
    expect(await codeOf('https://token@mcp.example.com/mcp', { resolver: dns })).toBe('credentials');
    expect(await codeOf('not a url', { resolver: dns })).toBe('invalid_url');
  });

  it('refuses hosts that resolve to loopback, private or link-local (metadata) addresses', async () => {
    expect(await codeOf('http://localhost:3000/mcp', { resolver: dns })).toBe('forbidden_address');
    expect(await codeOf('https://internal.example.com/mcp', { resolver: dns })).toBe('forbidden_address');
    expect(await codeOf('http://metadata.example.com/latest/meta-data/', { resolver: dns })).toBe(
      'forbidden_address',
    );
    expect(await codeOf('http://mapped.example.com/', { resolver: dns })).toBe('forbidden_address');
  });

  it('refuses when any one of the resolved addresses is forbidden', async () => {
    expect(await codeOf('https://mixed.example.com/mcp', { resolver: dns })).toBe('forbidden_address');
  });

  it('checks IP literals without DNS, in any spelling the URL parser accepts', async () => {
    const literalDns = fakeDns({});
    for (const url of [
      'http://127.0.0.1/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
      'http://100.64.1.1/',
    ]) {
      expect(await codeOf(url, { resolver: literalDns })).toBe('forbidden_address');
    }
    expect(await codeOf('https://93.184.215.14/mcp', { resolver: literalDns })).toBe('allowed');
    expect(literalDns.asked).toEqual([]);
  });

  it('allows loopback and private only when asked, and never link-local', async () => {
    expect(await codeOf('http://localhost:3000/mcp', { resolver: dns, allowLoopback: true })).toBe('allowed');
    expect(await codeOf('http://localhost:3000/mcp', { resolver: dns, allowPrivate: true })).toBe(
      'forbidden_address',
    );
    expect(await codeOf('https://internal.example.com/mcp', { resolver: dns, allowPrivate: true })).toBe(
      'allowed',
    );
    expect(await codeOf('https://internal.example.com/mcp', { resolver: dns, allowLoopback: true })).toBe(
      'forbidden_address',
    );
    expect(
      await codeOf('http://metadata.example.com/', {
        resolver: dns,
        allowLoopback: true,
        allowPrivate: true,
      }),
    ).toBe('forbidden_address');
    // The AWS IPv6 endpoint sits in ULA space, which ALLOW_PRIVATE_UPSTREAMS opens: still refused.
    expect(await codeOf('http://ipv6-metadata.example.com/', { resolver: dns, allowPrivate: true })).toBe(
      'forbidden_address',
    );
    expect(await codeOf('http://[::7f00:1]/', { resolver: dns, allowLoopback: true })).toBe(
      'forbidden_address',
    );
  });

  it('reports unresolvable hosts, and keeps the refused address out of the message', async () => {
    expect(await codeOf('https://nxdomain.example.com/', { resolver: dns })).toBe('unresolvable');
    expect(await codeOf('https://empty.example.com/', { resolver: dns })).toBe('unresolvable');
    const error = await checkUpstreamUrl('https://internal.example.com/', { resolver: dns }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UpstreamUrlError);
    expect((error as UpstreamUrlError).address).toBe('10.0.0.7');
    expect((error as UpstreamUrlError).message).not.toContain('10.0.0.7');
    const metadata = await checkUpstreamUrl('http://metadata.example.com/', {
      resolver: dns,
      allowPrivate: true,
      allowLoopback: true,
    }).catch((e: unknown) => e);
    expect((metadata as UpstreamUrlError).message).toBe(
      'host resolves to a cloud metadata address, which is never allowed',
    );
  });

  it('uses the system resolver by default (localhost from the hosts file)', async () => {
    expect(await codeOf('http://localhost:8080/mcp')).toBe('forbidden_address');
    const r = await checkUpstreamUrl('http://localhost:8080/mcp', { allowLoopback: true });
    expect(r.addresses.length).toBeGreaterThan(0);
    for (const a of r.addresses) expect(classifyAddress(a.address)).toBe('loopback');
  });
});
