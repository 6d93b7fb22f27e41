import { describe, expect, it } from 'vitest';
import { generateSigningKey } from './signing-keys';
import { createJwsSigner, signCompactJws } from './jws-signer';
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
  it('leaves thread-pool threads to token signing during a burst of password hashes', async () => {
    // This process's pool has 4 threads. Without the limit, 8 hashes queued first fill all of
    // them and the signature waits for at least 5 of the hashes (the pool is first in, first
    // out); with at most 2 hashes at a time, it runs on a free thread at once.
    const key = await generateSigningKey('ES256');
    const signer = createJwsSigner('ES256', key.privateKeyPem);
    let hashed = 0;
    const hashes = Array.from({ length: 8 }, (_, i) =>
      hashPassword(`burst-password-${i}`).then(() => hashed++),
    );
    await new Promise((resolve) => setImmediate(resolve)); // every hash allowed to start has started
    const hashedWhenSigned = await signCompactJws(signer, { alg: 'ES256' }, { probe: 1 }).then(() => hashed);
    await Promise.all(hashes);
    expect(hashed).toBe(8);
    expect(hashedWhenSigned).toBeLessThan(4);
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
