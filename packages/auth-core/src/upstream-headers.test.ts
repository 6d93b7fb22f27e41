import { describe, expect, it } from 'vitest';
import { upstreamHeaderNameRefusal, upstreamHeaderValueRefusal } from './upstream-headers';

describe('upstream header names', () => {
  it.each([
    'Connection',
    'keep-alive',
    'Transfer-Encoding',
    'TE',
    'Trailer',
    'Upgrade',
    'Proxy-Authorization',
    'proxy-connection',
    'Host',
    'Content-Length',
    'Content-Type',
    'Forwarded',
    'X-Forwarded-For',
    'x-forwarded-host',
    'X-Forwarded-Proto',
    'X-Real-IP',
    'True-Client-IP',
    'Via',
    'Metadata-Flavor',
    'Metadata',
    'X-aws-ec2-metadata-token',
    'X-aws-ec2-metadata-token-ttl-seconds',
    'X-Google-Metadata-Request',
    'X-HTTP-Method-Override',
    'X-Original-URL',
    'Mcp-Session-Id',
    'MCP-Protocol-Version',
    'Last-Event-ID',
    'Cookie',
  ])('refuses %s, with the reason', (name) => {
    expect(upstreamHeaderNameRefusal(name)).toMatch(/^This header cannot be set on upstream requests: .+\.$/);
  });

  it.each(['X-Api-Key', 'Authorization', 'X-Tenant', 'Api-Key', 'X-Forwarded'])('allows %s', (name) => {
    expect(upstreamHeaderNameRefusal(name)).toBeNull();
  });

  it('refuses names that are not plain tokens (no header injection through the name)', () => {
    for (const name of ['', 'X Key', 'X-Key:', 'X-Key\r\nHost', 'X_Key', 'é', 'a'.repeat(129)]) {
      expect(upstreamHeaderNameRefusal(name)).toBe('Letters, digits and hyphens only (1 to 128).');
    }
  });
});

describe('upstream header values', () => {
  it('refuses control characters, allows printable text and tabs', () => {
    expect(upstreamHeaderValueRefusal('secret\r\nHost: evil')).toMatch(/Control characters/);
    expect(upstreamHeaderValueRefusal('a\u0000b')).toMatch(/Control characters/);
    expect(upstreamHeaderValueRefusal('a\u007fb')).toMatch(/Control characters/);
    expect(upstreamHeaderValueRefusal('Basic dXNlcjpwdw==\tx')).toBeNull();
  });
});
