// Envelope encryption of secrets at rest (upstream credentials, private signing keys) with
// AES-256-GCM under a master key that lives outside the database.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12; // 96-bit IV: the size GCM is specified for (NIST SP 800-38D).
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export type SecretBoxErrorCode = 'malformed' | 'unknown_key' | 'decrypt_failed';

/** A sealed value could not be opened. Messages never contain plaintext or ciphertext. */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  constructor(
    readonly code: SecretBoxErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface SecretBoxOptions {
  /** Version of the current master key; it becomes the `v<n>` prefix of every sealed value. */
  version?: number;
  /** Earlier master keys by version, kept only to open values sealed before a rotation. */
  previousKeys?: Readonly<Record<number, string>>;
}

/**
 * `seal(plaintext, aad)` gives `v<version>.<iv>.<ciphertext>.<tag>` (base64url parts). The
 * version names the master key, so a new key can be rolled out while old rows still open,
 * and `needsReseal` finds rows to re-encrypt. The AAD binds a value to where it is stored
 * (for instance `signing-key:<tenantId>:<kid>`): a ciphertext copied to another row or
 * tenant does not open there.
 */
export class SecretBox {
  readonly #version: number;
  readonly #keys = new Map<number, Buffer>();

  constructor(masterKeyBase64: string, options: SecretBoxOptions = {}) {
    this.#version = options.version ?? 1;
    assertVersion(this.#version);
    this.#keys.set(this.#version, decodeMasterKey(masterKeyBase64, 'master key'));
    for (const [raw, key] of Object.entries(options.previousKeys ?? {})) {
      const version = Number(raw);
      assertVersion(version);
      if (version === this.#version)
        throw new Error(`previous master key v${version} has the current key's version`);
      this.#keys.set(version, decodeMasterKey(key, `previous master key v${version}`));
    }
  }

  /** Version of the key new values are sealed with. */
  get version(): number {
    return this.#version;
  }

  seal(plaintext: string, aad: string): string {
    assertAad(aad);
    const prefix = `v${this.#version}`;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#currentKey(), iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(additionalData(prefix, aad));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [prefix, iv, ciphertext, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  open(sealed: string, aad: string): string {
    assertAad(aad);
    const { prefix, version, iv, ciphertext, tag } = parseSealed(sealed);
    const key = this.#keys.get(version);
    if (!key) throw new SecretBoxError('unknown_key', `no master key with version ${version} is configured`);
    // authTagLength pins the tag to 16 bytes: without it GCM would accept a truncated tag.
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(prefix, aad));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(
        'decrypt_failed',
        'sealed value failed authentication (wrong key, AAD or tampered data)',
      );
    }
  }

  /** True when `sealed` was made with an older master key and should be re-sealed. */
  needsReseal(sealed: string): boolean {
    return parseSealed(sealed).version !== this.#version;
  }

  /** Open with whichever key made it and seal again with the current key. */
  reseal(sealed: string, aad: string): string {
    return this.seal(this.open(sealed, aad), aad);
  }

  #currentKey(): Buffer {
    return this.#keys.get(this.#version) as Buffer;
  }
}

function decodeMasterKey(value: string, what: string): Buffer {
  // Buffer.from(…, 'base64') silently skips junk, so check the alphabet first.
  const trimmed = value.trim();
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed)) throw new Error(`${what} must be base64`);
  const key = Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES)
    throw new Error(`${what} must decode to ${KEY_BYTES} bytes, got ${key.length}`);
  // A key of one repeated byte (all zeros, 'AAAA…') is a placeholder, not a secret.
  if (key.every((b) => b === key[0])) throw new Error(`${what} looks like a placeholder (one repeated byte)`);
  return key;
}

function assertVersion(version: number): void {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new Error('master key version must be a positive integer');
}

function assertAad(aad: string): void {
  // An empty AAD would let a value open anywhere, which is what the AAD is there to prevent.
  if (typeof aad !== 'string' || aad.length === 0)
    throw new TypeError('SecretBox needs a non-empty AAD naming where the value is stored');
}

// The version prefix is authenticated too; it cannot contain '.', so the join is unambiguous.
function additionalData(prefix: string, aad: string): Buffer {
  return Buffer.from(`${prefix}.${aad}`, 'utf8');
}

const PART = /^[A-Za-z0-9_-]*$/;

function parseSealed(sealed: string): {
  prefix: string;
  version: number;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
} {
  const parts = typeof sealed === 'string' ? sealed.split('.') : [];
  const [prefix, ivPart, ctPart, tagPart] = parts;
  const match = prefix ? /^v([1-9][0-9]{0,8})$/.exec(prefix) : null;
  if (
    parts.length !== 4 ||
    !match ||
    ivPart === undefined ||
    ctPart === undefined ||
    tagPart === undefined ||
    ![ivPart, ctPart, tagPart].every((p) => PART.test(p))
  ) {
    throw new SecretBoxError('malformed', 'sealed value is not in the v<n>.<iv>.<ciphertext>.<tag> form');
  }
  const iv = Buffer.from(ivPart, 'base64url');
  const tag = Buffer.from(tagPart, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new SecretBoxError('malformed', 'sealed value has a wrong IV or tag length');
  return {
    prefix: prefix as string,
    version: Number(match[1]),
    iv,
    ciphertext: Buffer.from(ctPart, 'base64url'),
    tag,
  };
}
