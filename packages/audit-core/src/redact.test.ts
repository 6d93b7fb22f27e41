import { describe, expect, it } from 'vitest';
import { REDACTED, isSensitiveKey, redactDetails } from './redact';

describe('redactDetails', () => {
  it('masks secret-looking keys at any depth, in objects and arrays', () => {
    const input = {
      method: 'tools/call',
      headers: { Authorization: 'Bearer abc', Cookie: 'sid=1', 'x-request-id': 'r1' },
      body: {
        client_secret: 's3cr3t',
        grant_type: 'client_credentials',
        nested: [{ password: 'p' }, { privateKey: '-----BEGIN' }],
      },
      accessToken: 'eyJ...',
      api_key: 'pcak_x',
    };
    expect(redactDetails(input)).toEqual({
      method: 'tools/call',
      headers: { Authorization: REDACTED, Cookie: REDACTED, 'x-request-id': 'r1' },
      body: {
        client_secret: REDACTED,
        grant_type: 'client_credentials',
        nested: [{ password: REDACTED }, { privateKey: REDACTED }],
      },
      accessToken: REDACTED,
      api_key: REDACTED,
    });
  });

  it('masks a whole subtree under a sensitive key', () => {
    expect(redactDetails({ secrets: { a: 1, b: [2] } })).toEqual({ secrets: REDACTED });
  });

  it('keeps identifiers and display prefixes of credentials', () => {
    expect(
      redactDetails({ tokenId: 'jti_1', secretPrefix: 'pcs_ab12', api_key_id: 'k1', token_type: 'Bearer' }),
    ).toEqual({
      tokenId: 'jti_1',
      secretPrefix: 'pcs_ab12',
      api_key_id: 'k1',
      token_type: 'Bearer',
    });
  });

  it('does not modify its input', () => {
    const input = { nested: { password: 'p' } };
    redactDetails(input);
    expect(input.nested.password).toBe('p');
  });

  it('honours extra words and normalises case and separators', () => {
    expect(isSensitiveKey('Client-Secret')).toBe(true);
    expect(isSensitiveKey('PRIVATE_KEY')).toBe(true);
    expect(isSensitiveKey('ssn')).toBe(false);
    expect(redactDetails({ ssn: '123', name: 'x' }, { extraWords: ['ssn'] })).toEqual({
      ssn: REDACTED,
      name: 'x',
    });
  });

  it('gives the same verdicts for keys seen before, past the bound on remembered keys', () => {
    // The built-in verdict of `ssn` is remembered; extra words still apply on top of it.
    expect(isSensitiveKey('ssn')).toBe(false);
    expect(isSensitiveKey('ssn', ['ssn'])).toBe(true);
    const keys = Array.from({ length: 10_000 }, (_, i) => (i % 2 ? `apiKey${i}` : `field${i}`));
    const first = keys.map((k) => isSensitiveKey(k));
    expect(first.filter(Boolean)).toHaveLength(5_000);
    expect(keys.map((k) => isSensitiveKey(k))).toEqual(first);
    expect(isSensitiveKey('client_secret')).toBe(true);
    expect(isSensitiveKey('tokenId')).toBe(false);
  });

  it('cuts off absurdly deep nesting instead of recursing without bound', () => {
    let deep: Record<string, unknown> = { leaf: 1 };
    for (let i = 0; i < 100; i++) deep = { d: deep };
    expect(JSON.stringify(redactDetails(deep))).toContain(REDACTED);
  });
});
