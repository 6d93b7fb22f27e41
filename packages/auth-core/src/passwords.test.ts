import { describe, expect, it } from 'vitest';
import { burnPasswordCheck, hashPassword, passwordWeakness, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with argon2id and verifies', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery')).toBe(false);
  });
  it('treats a malformed stored hash as a failed check', async () => {
    expect(await verifyPassword('not-a-hash', 'x')).toBe(false);
  });
  it('burns a check for unknown accounts without throwing', async () => {
    await expect(burnPasswordCheck('anything')).resolves.toBeUndefined();
  });
  it('explains why a password is weak', () => {
    expect(passwordWeakness('short')).toMatch(/at least 12/);
    expect(passwordWeakness('passwordpassword')).toMatch(/too common/);
    expect(passwordWeakness('aaaaaaaaaaaaaaab')).toMatch(/distinct/);
    expect(passwordWeakness('alice-secret-pass', { email: 'alice@example.com' })).toMatch(/e-mail/);
    expect(passwordWeakness('x'.repeat(300))).toMatch(/at most/);
    expect(passwordWeakness('tall-river-stone-42')).toBeNull();
  });
});
