// Password hashing (argon2id) and the rules a new password must meet.
import { Algorithm, hash, verify } from '@node-rs/argon2';
import pLimit from 'p-limit';

// OWASP's argon2id baseline (m=19 MiB, t=2, p=1): about 20-40 ms here, enough to make
// offline guessing costly without making sign-in sluggish.
const ARGON2_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

// argon2 runs on libuv's thread pool (4 threads unless UV_THREADPOOL_SIZE says otherwise),
// which access-token signing, file writes and DNS lookups share. Sign-ins, or someone hammering
// the sign-in form, hold at most half of it, so tokens are still signed meanwhile; the rest
// wait their turn here. It also bounds argon2's memory (19 MiB a hash) under a flood.
const THREAD_POOL_SIZE = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const argon2Slots = pLimit(Math.max(1, Math.floor(THREAD_POOL_SIZE / 2)));

export function hashPassword(password: string): Promise<string> {
  return argon2Slots(() => hash(password, ARGON2_OPTIONS));
}

export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await argon2Slots(() => verify(storedHash, password));
  } catch {
    return false; // A malformed stored hash is a failed sign-in, never an exception.
  }
}

let dummyHash: Promise<string> | undefined;
/**
 * Spend the same work as a real verification when the account does not exist, so the
 * response time does not reveal which e-mail addresses are registered.
 */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('portcullis-timing-equaliser');
  await verifyPassword(await dummyHash, password);
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

// The most common choices that still pass a length rule (NIST 800-63B asks for a blocklist).
const COMMON = new Set([
  'passwordpassword',
  'password1234',
  'password12345',
  'password123456',
  'qwertyuiop123',
  '123456789012',
  '1234567890123',
  'qwertyqwerty',
  'iloveyou1234',
  'adminadmin123',
  'administrator',
  'letmeinletmein',
  'welcome12345',
  'changeme1234',
  'aaaaaaaaaaaa',
  '111111111111',
  'abcdefghijkl',
  'abc123abc123',
]);

/** Null when acceptable, otherwise the reason a user should read. */
export function passwordWeakness(
  password: string,
  context: { email?: string; name?: string } = {},
): string | null {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Password must be at least ${PASSWORD_MIN_LENGTH} characters long.`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `Password must be at most ${PASSWORD_MAX_LENGTH} characters long.`;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'Password is too common.';
  if (new Set(lower).size < 5) return 'Password repeats too few distinct characters.';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local))
    return 'Password must not contain your e-mail address.';
  return null;
}
