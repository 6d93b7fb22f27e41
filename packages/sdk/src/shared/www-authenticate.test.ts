import { describe, expect, it } from 'vitest';
import { formatBearerChallenge, parseBearerChallenge } from './www-authenticate.js';

describe('Bearer challenges', () => {
  it('reads the Bearer challenge among others, quoted or not, names in any case', () => {
    expect(
      parseBearerChallenge(
        'Basic realm="x", Bearer Resource_Metadata="https://a/.well-known/p", scope=mcp:tools, error="invalid_token"',
      ),
    ).toEqual({
      resource_metadata: 'https://a/.well-known/p',
      scope: 'mcp:tools',
      error: 'invalid_token',
    });
    expect(parseBearerChallenge('Bearer realm="a \\"b\\"", Basic realm="other"')).toEqual({ realm: 'a "b"' });
    expect(parseBearerChallenge('Basic realm="x"')).toBeUndefined();
    expect(parseBearerChallenge(null)).toBeUndefined();
  });

  it('writes values that cannot break out of their quotes or the header', () => {
    const header = formatBearerChallenge({
      error: 'invalid_token',
      error_description: 'bad "aud"\r\nSet-Cookie: x=1',
      scope: undefined,
    });
    expect(header).toBe('Bearer error="invalid_token", error_description="bad \\"aud\\"  Set-Cookie: x=1"');
    expect(parseBearerChallenge(header)).toEqual({
      error: 'invalid_token',
      error_description: 'bad "aud"  Set-Cookie: x=1',
    });
    expect(formatBearerChallenge({})).toBe('Bearer');
  });
});
