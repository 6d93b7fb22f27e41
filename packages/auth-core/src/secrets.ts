// Random identifiers and high-entropy secrets, and how they are stored (as keyed hashes).
import { createHmac, randomBytes, randomFillSync, timingSafeEqual } from 'node:crypto';
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `bytes` of CSPRNG output as base64url (no padding). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

// Small random values for hot paths (a token's jti on every issuance) come from a pooled CSPRNG
// buffer: one randomFillSync per 4 KiB instead of a native call per value, as Node's own
// randomUUID does. Every byte is handed out once; a spent pool is replaced, never refilled in
// place, so a slice already handed out never changes.
const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/** `bytes` (at most 256) of CSPRNG output, from the pool. */
export function pooledRandomBytes(bytes: number): Buffer {
  if (!Number.isInteger(bytes) || bytes < 1 || bytes > 256) throw new RangeError('bytes must be 1-256');
  if (poolOffset + bytes > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    poolOffset = 0;
  }
  const out = pool.subarray(poolOffset, poolOffset + bytes);
  poolOffset += bytes;
  return out;
}

function toBase62(n: bigint, width: number): string {
  let out = '';
  for (let i = 0; i < width; i++) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

const BODY_LENGTH = 43; // 62^43 > 2^256: room for 256 random bits.
const CHECKSUM_LENGTH = 6; // CRC32 fits in 6 base62 digits.

/**
 * A prefixed, checksummed secret such as `pcat_<43 base62 chars><6 char crc32>`. The prefix
 * lets secret scanners and people recognise it; the checksum lets a scanner (and our own
 * guardrails) tell a real key from random text without a database lookup.
 */
export function mintPrefixedSecret(prefix: string): string {
  if (!/^[a-z][a-z0-9]{1,15}$/.test(prefix))
    throw new Error('secret prefix must be short lowercase alphanumerics');
  const body = toBase62(BigInt('0x' + randomBytes(32).toString('hex')), BODY_LENGTH);
  return `${prefix}_${body}${checksum(body)}`;
}

function checksum(body: string): string {
  return toBase62(BigInt(crc32(body)), CHECKSUM_LENGTH);
}

/** True when `value` has the shape and a valid checksum of a secret minted with `prefix`. */
export function isWellFormedSecret(value: string, prefix: string): boolean {
  const expectedLength = prefix.length + 1 + BODY_LENGTH + CHECKSUM_LENGTH;
  if (value.length !== expectedLength || !value.startsWith(`${prefix}_`)) return false;
  const rest = value.slice(prefix.length + 1);
  if (!/^[0-9A-Za-z]+$/.test(rest)) return false;
  const body = rest.slice(0, BODY_LENGTH);
  return checksum(body) === rest.slice(BODY_LENGTH);
}

/** The part of a secret that is safe to show again later (prefix and a few characters). */
export function displayPrefix(secret: string, visible = 8): string {
  const cut = secret.indexOf('_');
  return secret.slice(0, (cut >= 0 ? cut + 1 : 0) + visible);
}

/**
 * Keyed hashing of high-entropy secrets (session tokens, API tokens, client secrets). A slow
 * password hash buys nothing for 256 random bits; the server-side pepper means a stolen table
 * alone cannot even confirm a guessed secret.
 */
export class SecretHasher {
  readonly #pepper: Buffer;

  constructor(pepper: string | Buffer) {
    this.#pepper = Buffer.isBuffer(pepper) ? pepper : Buffer.from(pepper, 'utf8');
    if (this.#pepper.length < 32) throw new Error('secret hashing pepper must be at least 32 bytes');
  }

  /** Hex HMAC-SHA-256: deterministic, so it doubles as the lookup key. */
  hash(secret: string): string {
    return createHmac('sha256', this.#pepper).update(secret, 'utf8').digest('hex');
  }

  /** Constant-time comparison of a presented secret against a stored hash. */
  verify(secret: string, storedHash: string): boolean {
    return constantTimeEqualHex(this.hash(secret), storedHash);
  }
}

/** Constant-time equality of two hex strings (false, not a throw, when lengths differ). */
export function constantTimeEqualHex(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  if (left.length !== right.length || left.length === 0) return false;
  return timingSafeEqual(left, right);
}
