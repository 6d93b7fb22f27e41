import { describe, expect, it } from 'vitest';
import { CidrSet, parseCidr } from './cidr';
import { clientIp } from './client-ip';
import { formatIp, parseIp } from './ip';

describe('parseCidr', () => {
  it('accepts IPv4, IPv6, bare addresses and IPv4-mapped prefixes', () => {
    expect(parseCidr('10.0.0.0/8')).toMatchObject({ ok: true, cidr: { text: '10.0.0.0/8' } });
    expect(parseCidr('2001:db8::/32')).toMatchObject({ ok: true, cidr: { text: '2001:db8::/32' } });
    expect(parseCidr('192.0.2.7')).toMatchObject({ ok: true, cidr: { text: '192.0.2.7/32' } });
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ ok: true, cidr: { text: '10.0.0.0/8' } });
  });

  it('names the bad entry and says what is wrong', () => {
    expect(parseCidr('10.0.0.300/8')).toEqual({
      ok: false,
      message: "'10.0.0.300/8' is not a valid IPv4 or IPv6 CIDR",
    });
    expect(parseCidr('10.0.0.0/33')).toMatchObject({
      ok: false,
      message: expect.stringContaining('prefix length'),
    });
    expect(parseCidr('10.0.0.1/8')).toEqual({
      ok: false,
      message: "'10.0.0.1/8' has host bits set; did you mean '10.0.0.0/8'?",
    });
    expect(parseCidr('127.1')).toMatchObject({ ok: false });
    expect(parseCidr('010.0.0.1')).toMatchObject({ ok: false });
    expect(parseCidr('')).toMatchObject({ ok: false });
    expect(parseCidr('::ffff:0.0.0.0/95')).toMatchObject({
      ok: false,
      message: expect.stringContaining('/96'),
    });
  });
});

describe('CidrSet', () => {
  it('matches IPv4 boundaries exactly', () => {
    const set = new CidrSet(['192.168.1.0/24']);
    expect(set.containsText('192.168.1.0')).toBe(true);
    expect(set.containsText('192.168.1.255')).toBe(true);
    expect(set.containsText('192.168.0.255')).toBe(false);
    expect(set.containsText('192.168.2.0')).toBe(false);
  });

  it('handles /0, /32, /31 and the top of the address space', () => {
    expect(new CidrSet(['0.0.0.0/0']).containsText('255.255.255.255')).toBe(true);
    const host = new CidrSet(['203.0.113.9/32']);
    expect(host.containsText('203.0.113.9')).toBe(true);
    expect(host.containsText('203.0.113.8')).toBe(false);
    const pair = new CidrSet(['255.255.255.254/31']);
    expect(pair.containsText('255.255.255.255')).toBe(true);
    expect(pair.containsText('255.255.255.253')).toBe(false);
  });

  it('matches IPv6 prefixes that cross word boundaries', () => {
    const set = new CidrSet(['2001:db8:abcd:1200::/56']);
    expect(set.containsText('2001:db8:abcd:12ff:ffff::1')).toBe(true);
    expect(set.containsText('2001:db8:abcd:1300::')).toBe(false);
    expect(new CidrSet(['::/0']).containsText('fe80::1')).toBe(true);
    expect(new CidrSet(['2001:db8::1/128']).containsText('2001:db8::2')).toBe(false);
  });

  it('treats IPv4-mapped IPv6 clients as IPv4 and never lets an IPv6 rule catch IPv4', () => {
    const v4 = new CidrSet(['10.0.0.0/8']);
    expect(v4.containsText('::ffff:10.1.2.3')).toBe(true);
    expect(v4.containsText('::ffff:11.1.2.3')).toBe(false);
    expect(new CidrSet(['::/0']).containsText('10.1.2.3')).toBe(false);
    expect(new CidrSet(['::ffff:10.0.0.0/104']).containsText('10.9.9.9')).toBe(true);
  });

  it('refuses to compile an invalid entry and finds nothing for an invalid address', () => {
    expect(() => new CidrSet(['nope'])).toThrow(/nope/);
    expect(new CidrSet(['0.0.0.0/0']).containsText('not-an-ip')).toBe(false);
  });
});

describe('parseIp / formatIp', () => {
  it('round-trips canonical forms', () => {
    expect(formatIp(parseIp('::ffff:1.2.3.4')!)).toBe('1.2.3.4');
    expect(formatIp(parseIp('2001:0db8:0000:0000:0000:0000:0000:0001')!)).toBe('2001:db8::1');
    expect(formatIp(parseIp(' 8.8.8.8 ')!)).toBe('8.8.8.8');
  });
});

describe('clientIp', () => {
  const proxies = ['10.0.0.0/8', '2001:db8:ffff::/48'];

  it('ignores X-Forwarded-For from an untrusted peer', () => {
    expect(clientIp('198.51.100.7', '1.1.1.1', proxies)).toBe('198.51.100.7');
  });

  it('walks right to left past trusted proxies to the first untrusted hop', () => {
    expect(clientIp('10.0.0.2', '6.6.6.6, 203.0.113.5, 10.0.0.9', proxies)).toBe('203.0.113.5');
  });

  it('returns the leftmost entry when every hop is trusted', () => {
    expect(clientIp('10.0.0.2', '10.1.1.1, 10.2.2.2', proxies)).toBe('10.1.1.1');
  });

  it('stops at garbage and keeps the last address a trusted proxy reported', () => {
    expect(clientIp('10.0.0.2', 'evil, 10.3.3.3', proxies)).toBe('10.3.3.3');
    expect(clientIp('10.0.0.2', 'unknown', proxies)).toBe('10.0.0.2');
  });

  it('accepts several header lines, ports and IPv4-mapped sockets', () => {
    expect(clientIp('::ffff:10.0.0.2', ['192.0.2.1:5555', '10.0.0.3'], proxies)).toBe('192.0.2.1');
    expect(clientIp('2001:db8:ffff::1', '[2001:db8:1::5]:443', proxies)).toBe('2001:db8:1::5');
  });

  it('normalises the socket address when there is no header', () => {
    expect(clientIp('::ffff:192.0.2.1', undefined, proxies)).toBe('192.0.2.1');
  });
});
