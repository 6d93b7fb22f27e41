import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp';

describe('contentSecurityPolicy', () => {
  it('forbids framing and foreign scripts, and carries the nonce', () => {
    const p = contentSecurityPolicy('abc123', false);
    expect(p).toContain("frame-ancestors 'none'");
    expect(p).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    expect(p).not.toContain('unsafe-eval');
    expect(p).toContain("object-src 'none'");
  });
  it('allows eval only in development', () => {
    expect(contentSecurityPolicy('n', true)).toContain("'unsafe-eval'");
  });
});
