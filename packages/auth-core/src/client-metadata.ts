// Client metadata of interactive clients (RFC 7591 §2), as sent to dynamic registration or
// published in a Client ID Metadata Document: validated once into the form the authorization
// server stores. Unknown members are ignored (RFC 7591 §2: the server MUST ignore them); known
// ones with a wrong type or value are refused, never guessed at.
import { RedirectUriError, classifyRedirectUri, type RedirectUriKind } from './redirect-uri';
import { parseScope, ScopeError } from './scopes';

export type InteractiveAuthMethod = 'none' | 'client_secret_basic' | 'client_secret_post';
export type InteractiveGrantType = 'authorization_code' | 'refresh_token';

export interface ClientMetadata {
  redirectUris: string[];
  tokenEndpointAuthMethod: InteractiveAuthMethod;
  grantTypes: InteractiveGrantType[];
  applicationType: 'native' | 'web';
  clientName: string | null;
  /** An https page about the client, shown as text; never fetched. */
  clientUri: string | null;
  /** The scope the client registered with; informational (requests are checked against the member's rights). */
  scope: string | null;
  softwareId: string | null;
  softwareVersion: string | null;
}

export class ClientMetadataError extends Error {
  override readonly name = 'ClientMetadataError';
  constructor(
    readonly code: 'invalid_redirect_uri' | 'invalid_client_metadata',
    message: string,
  ) {
    super(message);
  }
}

export const MAX_REDIRECT_URIS = 20;
const MAX_NAME = 100;
const AUTH_METHODS: readonly InteractiveAuthMethod[] = ['none', 'client_secret_basic', 'client_secret_post'];
const GRANT_TYPES: readonly InteractiveGrantType[] = ['authorization_code', 'refresh_token'];

const bad = (message: string) => new ClientMetadataError('invalid_client_metadata', message);

/** Control characters, and the bidirectional marks that can make a name read as another. */
function isUnsafeChar(ch: string): boolean {
  const c = ch.codePointAt(0)!;
  return (
    c <= 0x1f ||
    (c >= 0x7f && c <= 0x9f) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x200e ||
    c === 0x200f ||
    (c >= 0x202a && c <= 0x202e) ||
    (c >= 0x2066 && c <= 0x2069)
  );
}

function optionalString(doc: Record<string, unknown>, field: string, max: number): string | null {
  const v = doc[field];
  if (v === undefined || v === null || v === '') return null;
  if (typeof v !== 'string') throw bad(`${field} must be a string`);
  if (v.length > max) throw bad(`${field} must be at most ${max} characters`);
  if ([...v].some(isUnsafeChar)) {
    throw bad(`${field} must not contain control or bidirectional formatting characters`);
  }
  return v;
}

function stringList(doc: Record<string, unknown>, field: string): string[] | undefined {
  const v = doc[field];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
    throw bad(`${field} must be an array of strings`);
  return [...new Set(v as string[])];
}

function httpsUrl(value: string | null, field: string): string | null {
  if (value === null) return null;
  try {
    const url = new URL(value);
    if (url.protocol === 'https:' && !url.username && !url.password) return url.href;
  } catch {
    /* refused below */
  }
  throw bad(`${field} must be an https URL`);
}

/** Validates registration metadata; throws ClientMetadataError with the RFC 7591 error code. */
export function parseClientMetadata(input: unknown): ClientMetadata {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw bad('the metadata must be a JSON object');
  const doc = input as Record<string, unknown>;

  const redirectUris = stringList(doc, 'redirect_uris');
  if (!redirectUris || redirectUris.length === 0) {
    throw new ClientMetadataError(
      'invalid_redirect_uri',
      'redirect_uris must list at least one redirect URI',
    );
  }
  if (redirectUris.length > MAX_REDIRECT_URIS) {
    throw new ClientMetadataError('invalid_redirect_uri', `at most ${MAX_REDIRECT_URIS} redirect URIs`);
  }
  const kinds = new Set<RedirectUriKind>();
  for (const uri of redirectUris) {
    try {
      kinds.add(classifyRedirectUri(uri));
    } catch (e) {
      if (e instanceof RedirectUriError)
        throw new ClientMetadataError('invalid_redirect_uri', `${uri.slice(0, 200)}: ${e.message}`);
      throw e;
    }
  }

  const appType = doc.application_type;
  if (appType !== undefined && appType !== 'native' && appType !== 'web')
    throw bad("application_type must be 'native' or 'web'");
  const nativeUris = kinds.has('loopback') || kinds.has('private_use');
  // OpenID registration defaults to web; a client that omits it but uses native callbacks is native.
  const applicationType = (appType as 'native' | 'web' | undefined) ?? (nativeUris ? 'native' : 'web');
  if (applicationType === 'web' && kinds.has('private_use')) {
    throw new ClientMetadataError(
      'invalid_redirect_uri',
      'private-use scheme redirect URIs are for native clients only',
    );
  }

  const method =
    doc.token_endpoint_auth_method ?? (applicationType === 'native' ? 'none' : 'client_secret_basic');
  if (!AUTH_METHODS.includes(method as InteractiveAuthMethod)) {
    throw bad(`token_endpoint_auth_method must be one of ${AUTH_METHODS.join(', ')}`);
  }

  const grantTypes = stringList(doc, 'grant_types') ?? ['authorization_code'];
  for (const g of grantTypes) {
    if (!GRANT_TYPES.includes(g as InteractiveGrantType))
      throw bad(
        `grant type ${g.slice(0, 80)} cannot be registered (only authorization_code and refresh_token)`,
      );
  }
  if (!grantTypes.includes('authorization_code')) throw bad('grant_types must include authorization_code');
  const responseTypes = stringList(doc, 'response_types') ?? ['code'];
  if (responseTypes.length !== 1 || responseTypes[0] !== 'code') throw bad("response_types must be ['code']");

  const scope = optionalString(doc, 'scope', 8192);
  try {
    parseScope(scope);
  } catch (e) {
    if (e instanceof ScopeError) throw bad('scope must be space-separated scope tokens');
    throw e;
  }

  return {
    redirectUris,
    tokenEndpointAuthMethod: method as InteractiveAuthMethod,
    grantTypes: grantTypes as InteractiveGrantType[],
    applicationType,
    clientName: optionalString(doc, 'client_name', MAX_NAME),
    clientUri: httpsUrl(optionalString(doc, 'client_uri', 2048), 'client_uri'),
    scope,
    softwareId: optionalString(doc, 'software_id', 200),
    softwareVersion: optionalString(doc, 'software_version', 100),
  };
}

/**
 * A Client ID Metadata Document (draft-ietf-oauth-client-id-metadata-document): the same
 * metadata, whose `client_id` must be exactly the URL it was fetched from, with a name and
 * redirect URIs. No secret can be issued for it, so it authenticates as `none`.
 */
export function parseClientMetadataDocument(input: unknown, url: string): ClientMetadata {
  if (typeof input !== 'object' || input === null || Array.isArray(input))
    throw bad('the metadata document must be a JSON object');
  const doc = input as Record<string, unknown>;
  if (doc.client_id !== url) throw bad("the document's client_id differs from its URL");
  if (typeof doc.client_name !== 'string' || doc.client_name.trim() === '')
    throw bad('the document has no client_name');
  for (const field of ['client_secret', 'client_secret_expires_at']) {
    if (doc[field] !== undefined) throw bad(`a metadata document must not contain ${field}`);
  }
  const metadata = parseClientMetadata({ token_endpoint_auth_method: 'none', ...doc });
  if (metadata.tokenEndpointAuthMethod !== 'none')
    throw bad('a metadata document client authenticates with token_endpoint_auth_method none');
  return metadata;
}

/**
 * A URL that can be a client_id metadata document address: https, with a path, in its
 * canonical form, without fragment or credentials. `allowHttpLoopback` (local development and
 * tests only) also admits http://127.0.0.1 and http://localhost.
 */
export function isClientIdMetadataUrl(value: string, options: { allowHttpLoopback?: boolean } = {}): boolean {
  if (typeof value !== 'string' || value.length > 1024 || value.includes('#')) return false;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  const loopbackHttp =
    options.allowHttpLoopback === true &&
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost');
  if (url.protocol !== 'https:' && !loopbackHttp) return false;
  return url.href === value && url.pathname !== '/' && !url.username && !url.password;
}
