import { describe, expect, it } from 'vitest';
import { isValidCodeChallenge, isValidCodeVerifier, s256Challenge, verifyPkceS256 } from './pkce';

describe('PKCE S256', () => {
  // RFC 7636 appendix B.
  const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
  const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

  it('verifies the RFC 7636 example', () => {
    expect(s256Challenge(verifier)).toBe(challenge);
    expect(verifyPkceS256(verifier, challenge)).toBe(true);
  });

  it('refuses a wrong, malformed or missing verifier', () => {
    expect(verifyPkceS256(`${verifier.slice(0, -1)}Y`, challenge)).toBe(false);
    expect(verifyPkceS256(undefined, challenge)).toBe(false);
    expect(verifyPkceS256('short', challenge)).toBe(false);
    expect(verifyPkceS256(challenge, challenge)).toBe(false);
    // plain: the verifier sent as its own challenge never passes.
    expect(verifyPkceS256(verifier, verifier)).toBe(false);
  });

  it('checks challenge and verifier formats', () => {
    expect(isValidCodeChallenge(challenge)).toBe(true);
    expect(isValidCodeChallenge(`${challenge}=`)).toBe(false);
    expect(isValidCodeChallenge('abc')).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(42))).toBe(false);
    expect(isValidCodeVerifier('a'.repeat(128))).toBe(true);
    expect(isValidCodeVerifier('a'.repeat(129))).toBe(false);
    expect(isValidCodeVerifier(`${'a'.repeat(42)} `)).toBe(false);
  });
});
