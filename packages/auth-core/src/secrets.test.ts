import { describe, expect, it } from 'vitest';
import {
  SecretHasher,
  constantTimeEqualHex,
  displayPrefix,
  isWellFormedSecret,
  mintPrefixedSecret,
  pooledRandomBytes,
  randomToken,
} from './secrets';

describe('prefixed secrets', () => {
  it('mints recognisable, checksummed, unique secrets', () => {
    const a = mintPrefixedSecret('pcat');
    const b = mintPrefixedSecret('pcat');
    expect(a).toMatch(/^pcat_[0-9A-Za-z]{49}$/);
    expect(a).not.toBe(b);
    expect(isWellFormedSecret(a, 'pcat')).toBe(true);
  });

  it('rejects a secret with one character changed, a wrong prefix or a wrong length', () => {
    const s = mintPrefixedSecret('pcat');
    const last = s.at(-1) === 'a' ? 'b' : 'a';
    expect(isWellFormedSecret(s.slice(0, -1) + last, 'pcat')).toBe(false);
    expect(isWellFormedSecret(s, 'pcak')).toBe(false);
    expect(isWellFormedSecret(s + 'x', 'pcat')).toBe(false);
  });

  it('refuses a malformed prefix', () => {
    expect(() => mintPrefixedSecret('Bad-Prefix')).toThrow();
  });

  it('shows only the prefix and a few characters', () => {
    const s = mintPrefixedSecret('pcat');
    expect(displayPrefix(s)).toBe(s.slice(0, 13));
  });

  it('random tokens carry the requested entropy', () => {
    expect(Buffer.from(randomToken(32), 'base64url')).toHaveLength(32);
  });
});

describe('SecretHasher', () => {
  const hasher = new SecretHasher('x'.repeat(32));
  it('hashes deterministically and verifies only the right secret', () => {
    const h = hasher.hash('secret-one');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.hash('secret-one')).toBe(h);
    expect(hasher.verify('secret-one', h)).toBe(true);
    expect(hasher.verify('secret-two', h)).toBe(false);
  });
  it('depends on the pepper', () => {
    expect(new SecretHasher('y'.repeat(32)).hash('s')).not.toBe(hasher.hash('s'));
  });
  it('refuses a short pepper', () => {
    expect(() => new SecretHasher('short')).toThrow(/32 bytes/);
  });
  it('compares hex in constant time and tolerates mismatched lengths', () => {
    expect(constantTimeEqualHex('abcd', 'abcd')).toBe(true);
    expect(constantTimeEqualHex('abcd', 'abce')).toBe(false);
    expect(constantTimeEqualHex('abcd', 'abcdef')).toBe(false);
    expect(constantTimeEqualHex('', '')).toBe(false);
  });
});

describe('pooledRandomBytes', () => {
  it('hands out distinct values across pool refills, and a value never changes afterwards', () => {
    const first = pooledRandomBytes(16);
    const copy = Buffer.from(first);
    const seen = new Set([copy.toString('hex')]);
    for (let i = 0; i < 1000; i++) seen.add(pooledRandomBytes(16).toString('hex')); // several 4 KiB pools
    expect(seen.size).toBe(1001);
    expect(first.equals(copy)).toBe(true);
  });

  it('refuses sizes outside 1-256', () => {
    expect(() => pooledRandomBytes(0)).toThrow(RangeError);
    expect(() => pooledRandomBytes(257)).toThrow(RangeError);
    expect(pooledRandomBytes(256)).toHaveLength(256);
  });
});
