// Portcullis' own credentials: pcat_ (admin API tokens), pcak_ (agent API keys), pccs_ (client
// secrets). Each is <prefix>_<43 base62 body><6 base62 CRC32 of the body>, so a scanner can
// tell a real key from look-alike text without a database lookup.
import { crc32 } from 'node:zlib';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const PLATFORM_KEY_PREFIXES = ['pcat', 'pcak', 'pccs'] as const;
const CHECKSUM = 6;

export const PLATFORM_KEY =
  /(?<![A-Za-z0-9_])(pcat|pcak|pccs)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})(?![A-Za-z0-9_])/g;

/** CRC32 of the body as 6 base62 digits, most significant first. */
export function platformKeyChecksum(body: string): string {
  let n = crc32(body);
  let out = '';
  for (let i = 0; i < CHECKSUM; i++) {
    out = BASE62[n % 62] + out;
    n = Math.floor(n / 62);
  }
  return out;
}

/** True when `value` is a well-formed Portcullis key with a valid checksum. */
export function isPlatformKey(value: string): boolean {
  const m = /^(pcat|pcak|pccs)_([0-9A-Za-z]{43})([0-9A-Za-z]{6})$/.exec(value);
  return m !== null && platformKeyChecksum(m[2]!) === m[3];
}
