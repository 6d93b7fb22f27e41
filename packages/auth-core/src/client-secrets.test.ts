import { describe, expect, it } from 'vitest';
import {
  API_KEY_PREFIX,
  CLIENT_SECRET_PREFIX,
  apiKeyLookupHash,
  isWellFormedApiKey,
  isWellFormedClientSecret,
  matchClientSecret,
  mintApiKey,
  mintClientSecret,
  mintCredential,
} from './client-secrets';
import { SecretHasher } from './secrets';

const hasher = new SecretHasher('p'.repeat(32));

describe('client secrets', () => {
  it('are pccs_-prefixed 256-bit secrets, distinct every time, that do not pass as API keys', () => {
    const a = mintClientSecret();
    expect(CLIENT_SECRET_PREFIX).toBe('pccs');
    expect(a).toMatch(/^pccs_[0-9A-Za-z]{49}$/);
    expect(a).not.toBe(mintClientSecret());
    expect(isWellFormedClientSecret(a)).toBe(true);
    expect(isWellFormedApiKey(a)).toBe(false);
  });

  it('mint with the hash and display prefix to store', () => {
    const c = mintCredential('client_secret', hasher);
    expect(c.hash).toBe(hasher.hash(c.secret));
    expect(c.displayPrefix).toBe(c.secret.slice(0, 13));
  });

  it('match the right stored secret among several (rotation overlap)', () => {
    const old = mintCredential('client_secret', hasher);
    const current = mintCredential('client_secret', hasher);
    const stored = [
      { id: 'old', hash: old.hash },
      { id: 'new', hash: current.hash },
    ];
    expect(matchClientSecret(hasher, current.secret, stored)).toBe('new');
    expect(matchClientSecret(hasher, old.secret, stored)).toBe('old');
    expect(matchClientSecret(hasher, mintClientSecret(), stored)).toBeUndefined();
  });

  it('refuse malformed secrets, API keys and clients without secrets', () => {
    const c = mintCredential('client_secret', hasher);
    const stored = [{ id: 's1', hash: c.hash }];
    const flipped = c.secret.slice(0, -1) + (c.secret.endsWith('a') ? 'b' : 'a');
    expect(matchClientSecret(hasher, flipped, stored)).toBeUndefined();
    expect(matchClientSecret(hasher, '', stored)).toBeUndefined();
    expect(matchClientSecret(hasher, c.secret, [])).toBeUndefined();
    // A malformed value whose hash happens to be stored still does not match.
    expect(
      matchClientSecret(hasher, 'not-a-secret', [{ id: 'x', hash: hasher.hash('not-a-secret') }]),
    ).toBeUndefined();
    const key = mintCredential('api_key', hasher);
    expect(matchClientSecret(hasher, key.secret, [{ id: 'k', hash: key.hash }])).toBeUndefined();
  });
});

describe('API keys', () => {
  it('are pcak_-prefixed and looked up by their hash', () => {
    const k = mintApiKey();
    expect(API_KEY_PREFIX).toBe('pcak');
    expect(k).toMatch(/^pcak_[0-9A-Za-z]{49}$/);
    expect(apiKeyLookupHash(hasher, k)).toBe(hasher.hash(k));
  });

  it('never produce a lookup hash for junk or other credentials', () => {
    expect(apiKeyLookupHash(hasher, 'pcak_nope')).toBeUndefined();
    expect(apiKeyLookupHash(hasher, mintClientSecret())).toBeUndefined();
    const k = mintApiKey();
    expect(apiKeyLookupHash(hasher, k.toUpperCase())).toBeUndefined();
  });
});
