// Client authentication at the token endpoint: client_secret_basic, client_secret_post
// (RFC 6749 section 2.3.1) or private_key_jwt (RFC 7523 section 2.2).
import { createPrivateKey, randomUUID, type JsonWebKey, type KeyObject, type webcrypto } from 'node:crypto';
import { types } from 'node:util';
import { SignJWT, type JWK } from 'jose';

export type TokenEndpointAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'private_key_jwt';

/** A private key: PKCS#8 PEM, a private JWK, a node KeyObject or a WebCrypto CryptoKey. */
type CryptoKey = webcrypto.CryptoKey;

export type PrivateKeyInput = string | JWK | KeyObject | CryptoKey;

export interface ClientCredentials {
  clientId: string;
  clientSecret?: string;
  privateKey?: { key: KeyObject | CryptoKey; algorithm: string; keyId?: string };
}

/** Seconds a client assertion stays valid: long enough for a retry, short enough to be useless later. */
const ASSERTION_LIFETIME_S = 60;

function algorithmOfKeyObject(key: KeyObject): string | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'rsa') return 'RS256';
  if (key.asymmetricKeyType === 'ec') {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return curve === 'prime256v1' ? 'ES256' : curve === 'secp384r1' ? 'ES384' : undefined;
  }
  return undefined;
}

function algorithmOfCryptoKey(key: CryptoKey): string | undefined {
  const algorithm = key.algorithm as { name: string; namedCurve?: string };
  if (algorithm.name === 'Ed25519') return 'EdDSA';
  if (algorithm.name === 'RSASSA-PKCS1-v1_5') return 'RS256';
  if (algorithm.name === 'ECDSA')
    return algorithm.namedCurve === 'P-256'
      ? 'ES256'
      : algorithm.namedCurve === 'P-384'
        ? 'ES384'
        : undefined;
  return undefined;
}

const isCryptoKey = (value: unknown): value is CryptoKey => types.isCryptoKey(value);

/** Loads the key once and settles its algorithm (given, the JWK's `alg`, or the key's type). */
export function loadPrivateKey(
  input: PrivateKeyInput,
  algorithm?: string,
  keyId?: string,
): NonNullable<ClientCredentials['privateKey']> {
  if (isCryptoKey(input)) {
    if (input.type !== 'private') throw new TypeError('privateKey must be a private key');
    const alg = algorithm ?? algorithmOfCryptoKey(input);
    if (!alg) throw new TypeError('privateKeyAlgorithm is required for this key type');
    return { key: input, algorithm: alg, keyId };
  }
  let key: KeyObject;
  try {
    if (typeof input === 'string') key = createPrivateKey(input);
    else if ('kty' in input) key = createPrivateKey({ key: input as JsonWebKey, format: 'jwk' });
    else key = input as KeyObject;
  } catch {
    // The key's text never goes into the message.
    throw new TypeError('privateKey is not a readable private key (PKCS#8 PEM, private JWK or KeyObject)');
  }
  if (key.type !== 'private') throw new TypeError('privateKey must be a private key');
  const jwk = typeof input === 'object' && 'kty' in input ? (input as JWK) : undefined;
  const alg = algorithm ?? jwk?.alg ?? algorithmOfKeyObject(key);
  if (!alg) throw new TypeError('privateKeyAlgorithm is required for this key type');
  return { key, algorithm: alg, keyId: keyId ?? jwk?.kid };
}

/** The method to use: the key's, or for a secret Basic when the server lists it (or lists nothing). */
export function chooseAuthMethod(
  credentials: ClientCredentials,
  supported: readonly string[],
  preferred?: TokenEndpointAuthMethod,
): TokenEndpointAuthMethod {
  const allowed = (method: string) => supported.length === 0 || supported.includes(method);
  if (credentials.privateKey) {
    if (!allowed('private_key_jwt'))
      throw new Error('the authorization server does not accept private_key_jwt');
    return 'private_key_jwt';
  }
  if (preferred) {
    if (!allowed(preferred)) throw new Error(`the authorization server does not accept ${preferred}`);
    return preferred;
  }
  if (allowed('client_secret_basic')) return 'client_secret_basic';
  if (allowed('client_secret_post')) return 'client_secret_post';
  throw new Error(
    `the authorization server accepts none of client_secret_basic, client_secret_post (it lists ${supported.join(', ')})`,
  );
}

/**
 * Adds the client's authentication to a token request. The assertion's audience is the issuer,
 * which RFC 7523 and the MCP SDK use; Portcullis also accepts the token endpoint.
 */
export async function applyClientAuthentication(
  credentials: ClientCredentials,
  method: TokenEndpointAuthMethod,
  headers: Headers,
  params: URLSearchParams,
  issuer: string,
): Promise<void> {
  if (method === 'private_key_jwt') {
    const key = credentials.privateKey;
    if (!key) throw new Error('private_key_jwt needs a private key');
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: key.algorithm, typ: 'JWT', ...(key.keyId ? { kid: key.keyId } : {}) })
      .setIssuer(credentials.clientId)
      .setSubject(credentials.clientId)
      .setAudience(issuer)
      .setJti(randomUUID())
      .setIssuedAt()
      .setExpirationTime(`${ASSERTION_LIFETIME_S}s`)
      .sign(key.key);
    params.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    params.set('client_assertion', assertion);
    return;
  }
  const secret = credentials.clientSecret;
  if (secret === undefined) throw new Error(`${method} needs a client secret`);
  if (method === 'client_secret_post') {
    params.set('client_id', credentials.clientId);
    params.set('client_secret', secret);
    return;
  }
  // RFC 6749 section 2.3.1: both parts form-urlencoded before Base64.
  const encode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);
  headers.set(
    'authorization',
    `Basic ${Buffer.from(`${encode(credentials.clientId)}:${encode(secret)}`).toString('base64')}`,
  );
}
