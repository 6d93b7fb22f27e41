import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, SecretBoxError } from './crypto-box';

const keyA = randomBytes(32).toString('base64');
const keyB = randomBytes(32).toString('base64');
const AAD = 'tenant/t1/upstream-credential/s1';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof SecretBoxError ? e.code : `not a SecretBoxError: ${String(e)}`;
  }
  return undefined;
}

describe('SecretBox', () => {
  const box = new SecretBox(keyA);

  it('round-trips and produces the compact v1.<iv>.<ciphertext>.<tag> form', () => {
    const sealed = box.seal('Bearer upstream-secret', AAD);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(sealed).not.toContain('upstream-secret');
    expect(box.open(sealed, AAD)).toBe('Bearer upstream-secret');
  });

  it('uses a fresh IV for every seal', () => {
    const a = box.seal('same', AAD);
    const b = box.seal('same', AAD);
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toBe(b);
  });

  it('round-trips empty and non-ASCII plaintext', () => {
    expect(box.open(box.seal('', AAD), AAD)).toBe('');
    expect(box.open(box.seal('clé 🔑', AAD), AAD)).toBe('clé 🔑');
  });

  it('refuses a ciphertext moved to another row or tenant (AAD mismatch)', () => {
    const sealed = box.seal('s3cret', AAD);
    expect(codeOf(() => box.open(sealed, 'tenant/t2/upstream-credential/s1'))).toBe('decrypt_failed');
  });

  it('refuses tampered ciphertext, IV or tag', () => {
    const sealed = box.seal('s3cret value', AAD);
    const [v, iv, ct, tag] = sealed.split('.') as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    expect(codeOf(() => box.open([v, flip(iv), ct, tag].join('.'), AAD))).toBe('decrypt_failed');
    expect(codeOf(() => box.open([v, iv, flip(ct), tag].join('.'), AAD))).toBe('decrypt_failed');
    expect(codeOf(() => box.open([v, iv, ct, flip(tag)].join('.'), AAD))).toBe('decrypt_failed');
  });

  it('refuses a truncated tag instead of checking fewer bits', () => {
    const [v, iv, ct, tag] = box.seal('x', AAD).split('.') as [string, string, string, string];
    const short = Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url');
    expect(codeOf(() => box.open([v, iv, ct, short].join('.'), AAD))).toBe('malformed');
  });

  it('refuses a value sealed under another master key', () => {
    const other = new SecretBox(keyB);
    expect(codeOf(() => box.open(other.seal('x', AAD), AAD))).toBe('decrypt_failed');
  });

  it('refuses malformed input with a typed error', () => {
    for (const bad of [
      '',
      'v1.a.b',
      'v1.a.b.c.d',
      'x1.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
      'v0.AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA',
      'v1.!!.AA.AA',
    ]) {
      expect(codeOf(() => box.open(bad, AAD))).toBe('malformed');
    }
  });

  it('demands a non-empty AAD', () => {
    expect(() => box.seal('x', '')).toThrow(/AAD/);
  });

  it('refuses master keys that are not 32 bytes of base64, or placeholders', () => {
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes, got 16/);
    expect(() => new SecretBox('not base64 at all!')).toThrow(/base64/);
    expect(() => new SecretBox(Buffer.alloc(32).toString('base64'))).toThrow(/placeholder/);
    expect(() => new SecretBox(keyA, { version: 0 })).toThrow(/positive integer/);
  });

  it('accepts a base64url master key', () => {
    const raw = randomBytes(32);
    const sealed = new SecretBox(raw.toString('base64url')).seal('x', AAD);
    expect(new SecretBox(raw.toString('base64')).open(sealed, AAD)).toBe('x');
  });
});

describe('SecretBox master key rotation', () => {
  const oldBox = new SecretBox(keyA);
  const newBox = new SecretBox(keyB, { version: 2, previousKeys: { 1: keyA } });

  it('seals with the current version and still opens values made with an old key', () => {
    const old = oldBox.seal('legacy', AAD);
    expect(newBox.seal('fresh', AAD).startsWith('v2.')).toBe(true);
    expect(newBox.open(old, AAD)).toBe('legacy');
  });

  it('finds values to re-seal and re-seals them under the current key', () => {
    const old = oldBox.seal('legacy', AAD);
    expect(newBox.needsReseal(old)).toBe(true);
    const resealed = newBox.reseal(old, AAD);
    expect(resealed.startsWith('v2.')).toBe(true);
    expect(newBox.needsReseal(resealed)).toBe(false);
    expect(new SecretBox(keyB, { version: 2 }).open(resealed, AAD)).toBe('legacy');
  });

  it('says which key version is missing when a box no longer has it', () => {
    const onlyNew = new SecretBox(keyB, { version: 2 });
    const error = (() => {
      try {
        onlyNew.open(oldBox.seal('x', AAD), AAD);
      } catch (e) {
        return e as SecretBoxError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('unknown_key');
    expect(error?.message).toMatch(/version 1/);
  });

  it('binds the version prefix: relabelling a v1 value as v2 does not open', () => {
    const both = new SecretBox(keyA, { version: 2, previousKeys: { 1: keyA } });
    const relabelled = oldBox.seal('x', AAD).replace(/^v1\./, 'v2.');
    expect(codeOf(() => both.open(relabelled, AAD))).toBe('decrypt_failed');
  });

  it('refuses a previous key that reuses the current version', () => {
    expect(() => new SecretBox(keyB, { version: 2, previousKeys: { 2: keyA } })).toThrow(
      /current key's version/,
    );
  });
});
