// Compact JWS signing with node:crypto on a KeyObject imported once. Issuance signs on every
// token request, so the signature is computed on libuv's thread pool (crypto.sign with a
// callback): the event loop hands off an ES256 signature's work and serves other requests
// meanwhile, which on a busy node is most of a token's cryptography. WebCrypto (what jose uses
// in Node) schedules on the pool too but costs several times more for ES256. The output is a
// standard JWS (RFC 7515/7518/8037): ES256 signatures are the raw r||s (IEEE P1363) form, not
// DER. Verification stays with jose.
import { createPrivateKey, sign, type KeyObject, type SignKeyObjectInput } from 'node:crypto';
import type { SigningAlg } from './signing-keys';

export interface JwsSigner {
  readonly alg: SigningAlg;
  /** The base64url signature over the JWS signing input (`<header>.<payload>`, both base64url). */
  sign(signingInput: string): Promise<string>;
}

/** Signs on the thread pool: `algorithm` null for Ed25519, whose digest is part of the scheme. */
const onThreadPool =
  (algorithm: 'sha256' | null, key: KeyObject | SignKeyObjectInput) =>
  (input: string): Promise<string> =>
    new Promise((resolve, reject) =>
      sign(algorithm, Buffer.from(input), key, (err, signature) =>
        err ? reject(err) : resolve(signature.toString('base64url')),
      ),
    );

/** A signer for `alg`; refuses a key that does not fit it (curve, key type, RSA size). */
export function createJwsSigner(alg: SigningAlg, privateKey: KeyObject | string): JwsSigner {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  if (key.type !== 'private') throw new TypeError('a JWS signer needs a private key');
  const details = key.asymmetricKeyDetails ?? {};
  switch (alg) {
    case 'ES256':
      if (key.asymmetricKeyType !== 'ec' || details.namedCurve !== 'prime256v1')
        throw new TypeError('ES256 needs an EC P-256 key');
      return { alg, sign: onThreadPool('sha256', { key, dsaEncoding: 'ieee-p1363' }) };
    case 'EdDSA':
      if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('EdDSA needs an Ed25519 key');
      return { alg, sign: onThreadPool(null, key) };
    case 'RS256':
      if (key.asymmetricKeyType !== 'rsa' || (details.modulusLength ?? 0) < 2048)
        throw new TypeError('RS256 needs an RSA key of at least 2048 bits');
      // PKCS#1 v1.5 padding: crypto.sign's default for an RSA key (RSASSA-PKCS1-v1_5, RFC 7518 §3.3).
      return { alg, sign: onThreadPool('sha256', key) };
    default:
      throw new TypeError(`unsupported signing algorithm ${String(alg)}`);
  }
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/**
 * A compact JWS of `payload` under `header` (serialized in the order given). The header's alg
 * is the signer's: a caller cannot label a signature with another algorithm.
 */
export async function signCompactJws(
  signer: JwsSigner,
  header: { alg: SigningAlg } & Record<string, unknown>,
  payload: object,
): Promise<string> {
  if (header.alg !== signer.alg)
    throw new TypeError(`header alg ${header.alg} does not match the ${signer.alg} key`);
  const input = `${b64json(header)}.${b64json(payload)}`;
  return `${input}.${await signer.sign(input)}`;
}
