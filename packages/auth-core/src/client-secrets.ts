// Agent credentials: OAuth client secrets (`pccs_`) and API keys (`pcak_`). Both are 256-bit
// prefixed, checksummed secrets from secrets.ts, stored only as SecretHasher hashes.
import { constantTimeEqualHex, displayPrefix, isWellFormedSecret, mintPrefixedSecret } from './secrets';
import type { SecretHasher } from './secrets';

export const CLIENT_SECRET_PREFIX = 'pccs';
export const API_KEY_PREFIX = 'pcak';

/** What to store for a newly minted credential; `secret` is shown once and never stored. */
export interface MintedCredential {
  secret: string;
  /** SecretHasher hash: the stored value and, for API keys, the lookup key. */
  hash: string;
  /** Safe to store and show again (prefix and a few characters). */
  displayPrefix: string;
}

export function mintClientSecret(): string {
  return mintPrefixedSecret(CLIENT_SECRET_PREFIX);
}

export function mintApiKey(): string {
  return mintPrefixedSecret(API_KEY_PREFIX);
}

export function isWellFormedClientSecret(value: string): boolean {
  return isWellFormedSecret(value, CLIENT_SECRET_PREFIX);
}

export function isWellFormedApiKey(value: string): boolean {
  return isWellFormedSecret(value, API_KEY_PREFIX);
}

/** Mint a client secret or API key together with what to store for it. */
export function mintCredential(kind: 'client_secret' | 'api_key', hasher: SecretHasher): MintedCredential {
  const secret = kind === 'client_secret' ? mintClientSecret() : mintApiKey();
  return { secret, hash: hasher.hash(secret), displayPrefix: displayPrefix(secret) };
}

/**
 * Which of a client's stored secrets (several while a rotation overlaps) matches the presented
 * one, if any. Compares against every candidate in constant time without stopping early, and
 * does the same work for a malformed secret or a client with no secrets (pass []), so timing
 * tells nothing about which clients exist.
 */
export function matchClientSecret(
  hasher: SecretHasher,
  presented: string,
  stored: readonly { id: string; hash: string }[],
): string | undefined {
  const wellFormed = typeof presented === 'string' && isWellFormedClientSecret(presented);
  const presentedHash = hasher.hash(wellFormed ? presented : '');
  const candidates = stored.length > 0 ? stored : [{ id: '', hash: DUMMY_HASH }];
  let match: string | undefined;
  for (const c of candidates) {
    const equal = constantTimeEqualHex(presentedHash, c.hash); // always runs: no early exit
    if (equal && wellFormed && c.id !== '') match ??= c.id;
  }
  return match;
}

// Hex of the right length that no secret hashes to in practice; used to spend equal work.
const DUMMY_HASH = '0'.repeat(64);

/**
 * The lookup hash for a presented API key, or undefined when it is not a well-formed `pcak_`
 * key (so junk never reaches the database). The hash is deterministic: look the key up by it.
 */
export function apiKeyLookupHash(hasher: SecretHasher, presented: string): string | undefined {
  return typeof presented === 'string' && isWellFormedApiKey(presented) ? hasher.hash(presented) : undefined;
}
