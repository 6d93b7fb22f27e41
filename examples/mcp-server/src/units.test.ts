// Pure helpers: bearer check, origin rule, header summary, CLI config.
import { describe, expect, it } from 'vitest';
import { checkBearer, fingerprint } from './auth.js';
import { ConfigError, parseConfig } from './config.js';
import { bigText } from './fixtures.js';
import { formatUrl, isOriginAllowed } from './http.js';
import { summarizeHeaders } from './whoami.js';

describe('checkBearer', () => {
  it('accepts only the exact token with a Bearer scheme (any case)', () => {
    expect(checkBearer('Bearer abcdefgh', 'abcdefgh')).toEqual({ ok: true });
    expect(checkBearer('bearer abcdefgh', 'abcdefgh')).toEqual({ ok: true });
    expect(checkBearer(undefined, 'abcdefgh')).toEqual({ ok: false, reason: 'missing' });
    expect(checkBearer('Bearer  abcdefgh', 'abcdefgh')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkBearer('Token abcdefgh', 'abcdefgh')).toEqual({ ok: false, reason: 'malformed' });
    expect(checkBearer('Bearer abcdefg', 'abcdefgh')).toEqual({ ok: false, reason: 'mismatch' });
  });
});

describe('isOriginAllowed', () => {
  it('lets through no Origin, loopback origins and listed ones', () => {
    expect(isOriginAllowed(undefined, [])).toBe(true);
    expect(isOriginAllowed('http://127.0.0.1:6274', [])).toBe(true);
    expect(isOriginAllowed('http://[::1]:80', [])).toBe(true);
    expect(isOriginAllowed('https://app.example', ['https://app.example'])).toBe(true);
    expect(isOriginAllowed('https://evil.example', [])).toBe(false);
    expect(isOriginAllowed('http://localhost.evil.example', [])).toBe(false);
    expect(isOriginAllowed('null', [])).toBe(false);
  });

  it('formats IPv6 hosts in URLs', () => {
    expect(formatUrl('::1', 7001, '/mcp')).toBe('http://[::1]:7001/mcp');
  });
});

describe('summarizeHeaders', () => {
  it('fingerprints credentials and never copies them', () => {
    const who = summarizeHeaders({
      Authorization: 'Bearer s3cret-token',
      'x-upstream-key': 'key-1',
      cookie: 'a=b',
    });
    expect(who.authorization).toEqual({
      present: true,
      scheme: 'Bearer',
      fingerprint: fingerprint('s3cret-token'),
      length: 12,
    });
    expect(who.upstreamKey.fingerprint).toBe(fingerprint('key-1'));
    expect(who.cookie).toEqual({ present: true });
    expect(JSON.stringify(who)).not.toMatch(/s3cret|key-1|a=b/);
    expect(who.headerNames).toEqual(['authorization', 'cookie', 'x-upstream-key']);
  });
});

describe('bigText', () => {
  it('is exactly the requested size', () => {
    expect(bigText(3).length).toBe(3072);
  });
});

describe('parseConfig', () => {
  it('defaults to 127.0.0.1:7001/mcp, stateful, SSE, no token', () => {
    expect(parseConfig([], {}).options).toEqual({
      host: '127.0.0.1',
      port: 7001,
      path: '/mcp',
      stateless: false,
      jsonResponse: false,
      resumable: false,
      requiredToken: undefined,
    });
  });

  it('reads env and lets flags win', () => {
    const env = { MCP_PORT: '8000', MCP_STATELESS: 'true', UPSTREAM_TOKEN: 'abcdefgh12' };
    const { options } = parseConfig(['--port=0', '--json', '--host', '0.0.0.0'], env);
    expect(options).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      stateless: true,
      jsonResponse: true,
      requiredToken: 'abcdefgh12',
    });
  });

  it('names the bad setting', () => {
    expect(() => parseConfig([], { MCP_PORT: 'x' })).toThrow(
      new ConfigError('MCP_PORT must be a port number (0-65535), got "x"'),
    );
    expect(() => parseConfig(['--port', '70000'], {})).toThrow(/--port/);
    expect(() => parseConfig([], { MCP_STATELESS: 'maybe' })).toThrow(/MCP_STATELESS/);
    expect(() => parseConfig([], { UPSTREAM_TOKEN: 'short' })).toThrow(/UPSTREAM_TOKEN/);
    expect(() => parseConfig(['--bogus'], {})).toThrow(/unknown argument/);
    expect(() => parseConfig(['--resumable', '--stateless'], {})).toThrow(
      /MCP_RESUMABLE needs stateful mode/,
    );
  });

  it('reads the platform-token mode, whole or not at all, and never beside UPSTREAM_TOKEN', () => {
    const env = {
      PLATFORM_ISSUER: 'https://pc.example.com/t/acme',
      PLATFORM_AUDIENCE: 'https://pc.example.com/mcp/acme/ex',
    };
    expect(parseConfig([], env).options.platformAuth).toEqual({
      issuer: env.PLATFORM_ISSUER,
      audience: env.PLATFORM_AUDIENCE,
      resourceMetadataUrl: undefined,
    });
    expect(() => parseConfig([], { PLATFORM_ISSUER: env.PLATFORM_ISSUER })).toThrow(/go together/);
    expect(() => parseConfig([], { ...env, PLATFORM_AUDIENCE: 'acme' })).toThrow(
      /PLATFORM_AUDIENCE must be an http\(s\) URL/,
    );
    expect(() => parseConfig([], { ...env, UPSTREAM_TOKEN: 'a-long-upstream-token' })).toThrow(/set one/);
  });
});
