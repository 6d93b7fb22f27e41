import { describe, expect, it } from 'vitest';
import { ResourceError, normalizeResource, sameResource } from './resource';

describe('normalizeResource', () => {
  it.each([
    ['https://gw.example.com', 'https://gw.example.com'],
    ['https://gw.example.com/', 'https://gw.example.com'], // what the TS SDK sends for an origin-only PRM
    ['HTTPS://GW.Example.COM/acme/github/mcp', 'https://gw.example.com/acme/github/mcp'],
    ['https://gw.example.com:443/mcp', 'https://gw.example.com/mcp'],
    ['http://localhost:80/mcp/', 'http://localhost/mcp'],
    ['http://localhost:3000/t/s/mcp', 'http://localhost:3000/t/s/mcp'],
    ['https://gw.example.com:8443', 'https://gw.example.com:8443'],
    ['https://gw.example.com/mcp//', 'https://gw.example.com/mcp'],
    ['https://gw.example.com/a/./b/../mcp', 'https://gw.example.com/a/mcp'],
    ['https://gw.example.com/mcp?v=1', 'https://gw.example.com/mcp?v=1'],
    ['https://bücher.example/mcp', 'https://xn--bcher-kva.example/mcp'],
    ['https://[2001:DB8::1]:443/mcp', 'https://[2001:db8::1]/mcp'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeResource(input)).toBe(expected);
  });

  it('is idempotent', () => {
    for (const r of ['HTTPS://A.example:443//', 'http://x.example/a/b//', 'https://x.example/p?q=1']) {
      const once = normalizeResource(r);
      expect(normalizeResource(once)).toBe(once);
    }
  });

  it.each([
    ['fragment', 'https://gw.example.com/mcp#frag'],
    ['empty fragment', 'https://gw.example.com/mcp#'],
    ['non-http scheme', 'ftp://gw.example.com/mcp'],
    ['urn', 'urn:example:mcp'],
    ['javascript', 'javascript:alert(1)'],
    ['relative', '/mcp'],
    ['no scheme', 'gw.example.com/mcp'],
    ['credentials', 'https://user:pass@gw.example.com/mcp'],
    ['whitespace', 'https://gw.example .com/mcp'],
    ['newline', 'https://gw.exa\nmple.com/mcp'],
    ['backslash', 'https://gw.example.com\\mcp'],
    ['empty', ''],
    ['too long', 'https://gw.example.com/' + 'a'.repeat(3000)],
  ])('rejects %s with invalid_target', (_why, input) => {
    let error: unknown;
    try {
      normalizeResource(input);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ResourceError);
    expect((error as ResourceError).code).toBe('invalid_target');
  });

  it('compares resources by canonical form', () => {
    expect(sameResource('https://GW.example.com/', 'https://gw.example.com')).toBe(true);
    expect(sameResource('https://gw.example.com/mcp', 'https://gw.example.com/other')).toBe(false);
    expect(sameResource('http://gw.example.com/mcp', 'https://gw.example.com/mcp')).toBe(false);
    expect(sameResource('not a uri', 'not a uri')).toBe(false);
  });
});
