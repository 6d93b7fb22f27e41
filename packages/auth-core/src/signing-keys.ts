// Tenant signing keys: generation, the public JWK form published in the JWKS, and a KeyRing
// that holds imported keys so nothing is parsed or imported on the issuance path.
import {
  calculateJwkThumbprint,
  compactVerify,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
} from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { createJwsSigner, signCompactJws, type JwsSigner } from './jws-signer';

export type { CryptoKey } from 'jose';

export const SIGNING_ALGS = ['ES256', 'EdDSA', 'RS256'] as const;
export type SigningAlg = (typeof SIGNING_ALGS)[number];
/** ES256: small signatures, fast to sign (node:crypto) and accepted by every JOSE library in use. */
export const DEFAULT_SIGNING_ALG: SigningAlg = 'ES256';

/** A public signing key as published in a JWKS document. */
export interface PublicSigningJwk {
  kty: string;
  kid: string;
  alg: SigningAlg;
  use: 'sig';
  crv?: string;
  x?: string;
  y?: string;
  n?: string;
  e?: string;
}

export interface GeneratedSigningKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: PublicSigningJwk;
  /** PKCS#8 PEM. Seal it (SecretBox) before it is stored; never log or return it. */
  privateKeyPem: string;
}

export function isSigningAlg(value: unknown): value is SigningAlg {
  return typeof value === 'string' && (SIGNING_ALGS as readonly string[]).includes(value);
}

/** A new key pair; the kid is its RFC 7638 thumbprint, so it is stable and collision-free. */
export async function generateSigningKey(
  alg: SigningAlg = DEFAULT_SIGNING_ALG,
): Promise<GeneratedSigningKey> {
  if (!isSigningAlg(alg)) throw new TypeError(`unsupported signing algorithm ${String(alg)}`);
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true, modulusLength: 2048 });
  const publicJwk = await toPublicSigningJwk(await exportJWK(publicKey), alg);
  return { kid: publicJwk.kid, alg, publicJwk, privateKeyPem: await exportPKCS8(privateKey) };
}

const PUBLIC_MEMBERS = { EC: ['crv', 'x', 'y'], OKP: ['crv', 'x'], RSA: ['n', 'e'] } as const;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Keep only the public members, add kid (thumbprint), alg and use. Refuses private material. */
async function toPublicSigningJwk(jwk: JWK, alg: SigningAlg): Promise<PublicSigningJwk> {
  if (PRIVATE_MEMBERS.some((m) => m in jwk))
    throw new Error('a public JWK must not carry private key members');
  const members = PUBLIC_MEMBERS[jwk.kty as keyof typeof PUBLIC_MEMBERS];
  if (!members) throw new Error(`unsupported key type ${String(jwk.kty)}`);
  const out: PublicSigningJwk = { kty: jwk.kty as string, kid: '', alg, use: 'sig' };
  for (const m of members) {
    const v = jwk[m];
    if (typeof v !== 'string') throw new Error(`JWK is missing "${m}"`);
    out[m] = v;
  }
  out.kid = await calculateJwkThumbprint(out, 'sha256');
  return out;
}

export type SigningKeyState = 'next' | 'active' | 'retired';

/** A stored signing key as the caller keeps it (the private key stays sealed elsewhere). */
export interface SigningKeyRecord {
  kid: string;
  alg: SigningAlg;
  state: SigningKeyState;
  publicJwk: PublicSigningJwk;
  /** When it was generated and first published (as `next`, or `active` at bootstrap). */
  createdAt: Date;
  activatedAt?: Date | null;
  retiredAt?: Date | null;
  /** For retired keys: when the last token it signed has expired and it may leave the JWKS. */
  publishUntil?: Date | null;
}

export interface ActiveSigningKey {
  kid: string;
  alg: SigningAlg;
  /** For jose and WebCrypto callers. Issuance signs with `signer`, which is several times cheaper. */
  privateKey: CryptoKey;
  /** node:crypto signer on a KeyObject imported once (see jws-signer.ts). */
  signer: JwsSigner;
}

export interface VerificationKey {
  kid: string;
  alg: SigningAlg;
  state: SigningKeyState;
  publicKey: CryptoKey;
  publicJwk: PublicSigningJwk;
  publishUntil?: Date;
}

export interface KeyRingLoadOptions {
  /**
   * The unsealed PKCS#8 PEM of a key that may sign (active or next). Called once per kid; a
   * verify-only ring (the gateway) leaves it out.
   */
  privateKeyPem?: (record: SigningKeyRecord) => string | Promise<string>;
  /** The ring being replaced: its imported keys are reused by kid instead of imported again. */
  previous?: KeyRing;
  now?: Date;
}

interface Entry extends VerificationKey {
  privateKey?: CryptoKey;
  signer?: JwsSigner;
  activatedAt?: Date;
}

/**
 * Imported keys by kid. Load it when the key rows change (at boot, after rotation, on a cache
 * invalidation); issuance then only reads `activeKey()` and never imports anything.
 */
export class KeyRing {
  readonly #entries: ReadonlyMap<string, Entry>;
  readonly #active: Entry | undefined;

  private constructor(entries: Map<string, Entry>) {
    this.#entries = entries;
    ringEntries.set(this, entries);
    // Rotation never leaves two active keys; if a row says otherwise, the newest one signs.
    this.#active = [...entries.values()]
      .filter((e) => e.state === 'active')
      .sort((a, b) => (b.activatedAt?.getTime() ?? 0) - (a.activatedAt?.getTime() ?? 0))[0];
  }

  static async load(
    records: readonly SigningKeyRecord[],
    options: KeyRingLoadOptions = {},
  ): Promise<KeyRing> {
    const now = options.now ?? new Date();
    const entries = new Map<string, Entry>();
    for (const record of records) {
      if (record.state === 'retired' && !record.publishUntil)
        throw new Error(`retired key ${record.kid} has no publishUntil`);
      if (record.state === 'retired' && (record.publishUntil as Date) <= now) continue; // gone from the JWKS: no use
      if (entries.has(record.kid)) throw new Error(`duplicate signing key ${record.kid}`);
      entries.set(record.kid, await loadEntry(record, options));
    }
    return new KeyRing(entries);
  }

  /** The key that signs now. Throws when there is none (or the ring is verify-only). */
  activeKey(): ActiveSigningKey {
    const a = this.#active;
    if (!a) throw new Error('no active signing key');
    if (!a.privateKey || !a.signer)
      throw new Error(`active signing key ${a.kid} was loaded without its private key`);
    return { kid: a.kid, alg: a.alg, privateKey: a.privateKey, signer: a.signer };
  }

  /** Keys a verifier must accept: active, next, and retired ones still inside publishUntil. */
  verificationKeys(now: Date = new Date()): VerificationKey[] {
    const order: Record<SigningKeyState, number> = { active: 0, next: 1, retired: 2 };
    return [...this.#entries.values()]
      .filter((e) => isPublished(e, now))
      .sort(
        (a, b) =>
          order[a.state] - order[b.state] ||
          (b.publishUntil?.getTime() ?? 0) - (a.publishUntil?.getTime() ?? 0),
      )
      .map(({ kid, alg, state, publicKey, publicJwk, publishUntil }) => ({
        kid,
        alg,
        state,
        publicKey,
        publicJwk,
        ...(publishUntil && { publishUntil }),
      }));
  }

  /** The public key for `kid` if tokens signed with it are still acceptable (for verifiers). */
  verificationKey(kid: string, now: Date = new Date()): CryptoKey | undefined {
    const e = this.#entries.get(kid);
    return e && isPublished(e, now) ? e.publicKey : undefined;
  }

  /** The public JWKS document (RFC 7517 §5). */
  jwks(now: Date = new Date()): { keys: PublicSigningJwk[] } {
    return { keys: this.verificationKeys(now).map((k) => ({ ...k.publicJwk })) };
  }
}

// Module-private view of a ring's imported keys, so a new ring can reuse them without the
// class exposing its private keys through a public method.
const ringEntries = new WeakMap<KeyRing, ReadonlyMap<string, Entry>>();

function isPublished(e: Entry, now: Date): boolean {
  return e.state !== 'retired' || (e.publishUntil !== undefined && e.publishUntil > now);
}

async function loadEntry(record: SigningKeyRecord, options: KeyRingLoadOptions): Promise<Entry> {
  if (!isSigningAlg(record.alg))
    throw new Error(`signing key ${record.kid} has unsupported alg ${String(record.alg)}`);
  const publicJwk = await toPublicSigningJwk(record.publicJwk as JWK, record.alg);
  // The kid is the thumbprint: a row whose kid does not match its key is corrupt or forged.
  if (publicJwk.kid !== record.kid)
    throw new Error(`signing key ${record.kid} does not match its public JWK thumbprint`);
  const cached = options.previous && ringEntries.get(options.previous)?.get(record.kid);
  const publicKey = cached?.publicKey ?? ((await importJWK(publicJwk as JWK, record.alg)) as CryptoKey);
  let privateKey: CryptoKey | undefined;
  let signer: JwsSigner | undefined;
  if (record.state !== 'retired' && options.privateKeyPem) {
    privateKey = cached?.privateKey;
    signer = cached?.signer;
    if (!privateKey || !signer) {
      const pem = await options.privateKeyPem(record);
      privateKey = await importPKCS8(pem, record.alg);
      signer = createJwsSigner(record.alg, pem);
      await assertPair(record, signer, publicKey);
    }
  }
  return {
    kid: record.kid,
    alg: record.alg,
    state: record.state,
    publicKey,
    publicJwk,
    ...(privateKey && { privateKey }),
    ...(signer && { signer }),
    ...(record.activatedAt && { activatedAt: record.activatedAt }),
    ...(record.publishUntil && { publishUntil: record.publishUntil }),
  };
}

// A private key stored against the wrong row would sign tokens nobody can verify; catch it at
// load. The probe goes through the issuance signer and jose's verifier, as tokens do.
async function assertPair(record: SigningKeyRecord, signer: JwsSigner, publicKey: CryptoKey): Promise<void> {
  const jws = await signCompactJws(
    signer,
    { alg: record.alg },
    { probe: `portcullis key check ${record.kid}` },
  );
  try {
    await compactVerify(jws, publicKey, { algorithms: [record.alg] });
  } catch {
    throw new Error(`private key of signing key ${record.kid} does not match its public key`);
  }
}
