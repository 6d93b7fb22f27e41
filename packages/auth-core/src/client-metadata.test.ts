import { describe, expect, it } from 'vitest';
import {
  ClientMetadataError,
  isClientIdMetadataUrl,
  parseClientMetadata,
  parseClientMetadataDocument,
} from './client-metadata';

const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof ClientMetadataError ? `${e.code}: ${e.message}` : `unexpected ${String(e)}`;
  }
  return undefined;
};

describe('parseClientMetadata', () => {
  it("accepts VS Code's registration as sent", () => {
    const m = parseClientMetadata({
      client_name: 'Visual Studio Code',
      client_uri: 'https://code.visualstudio.com',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: [
        'https://insiders.vscode.dev/redirect',
        'https://vscode.dev/redirect',
        'http://127.0.0.1/',
        'http://127.0.0.1:33418/',
      ],
      scope: '',
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    });
    expect(m).toMatchObject({
      tokenEndpointAuthMethod: 'none',
      applicationType: 'native',
      grantTypes: ['authorization_code', 'refresh_token'],
      clientName: 'Visual Studio Code',
      scope: null,
    });
  });

  it('defaults as RFC 7591 says, and infers native clients from their redirect URIs', () => {
    expect(parseClientMetadata({ redirect_uris: ['https://app.example/cb'] })).toMatchObject({
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code'],
      applicationType: 'web',
      clientName: null,
    });
    expect(
      parseClientMetadata({ redirect_uris: ['cursor://anysphere.cursor-mcp/oauth/callback'] }),
    ).toMatchObject({ tokenEndpointAuthMethod: 'none', applicationType: 'native' });
  });

  it('ignores unknown members and drops duplicates', () => {
    const m = parseClientMetadata({
      redirect_uris: ['https://a.example/cb', 'https://a.example/cb'],
      logo_uri: 'https://a.example/l.png',
      x_custom: { a: 1 },
    });
    expect(m.redirectUris).toEqual(['https://a.example/cb']);
    expect(m).not.toHaveProperty('logoUri');
  });

  it('refuses bad redirect URIs with invalid_redirect_uri', () => {
    expect(errorOf(() => parseClientMetadata({}))).toMatch(/^invalid_redirect_uri/);
    expect(errorOf(() => parseClientMetadata({ redirect_uris: [] }))).toMatch(/^invalid_redirect_uri/);
    expect(errorOf(() => parseClientMetadata({ redirect_uris: ['http://evil.example/cb'] }))).toMatch(
      /^invalid_redirect_uri: .*loopback/,
    );
    expect(errorOf(() => parseClientMetadata({ redirect_uris: ['javascript:alert(1)'] }))).toMatch(
      /^invalid_redirect_uri/,
    );
    expect(errorOf(() => parseClientMetadata({ redirect_uris: ['https://a.example/cb#x'] }))).toMatch(
      /^invalid_redirect_uri/,
    );
    expect(
      errorOf(() => parseClientMetadata({ application_type: 'web', redirect_uris: ['myapp://cb/x'] })),
    ).toMatch(/^invalid_redirect_uri: .*native/);
    expect(
      errorOf(() =>
        parseClientMetadata({
          redirect_uris: Array.from({ length: 21 }, (_, i) => `https://a.example/${i}`),
        }),
      ),
    ).toMatch(/^invalid_redirect_uri/);
  });

  it('refuses wrong types and values with invalid_client_metadata', () => {
    const base = { redirect_uris: ['https://a.example/cb'] };
    expect(errorOf(() => parseClientMetadata([]))).toMatch(/^invalid_client_metadata/);
    expect(
      errorOf(() => parseClientMetadata({ ...base, token_endpoint_auth_method: 'private_key_jwt' })),
    ).toMatch(/^invalid_client_metadata/);
    expect(errorOf(() => parseClientMetadata({ ...base, grant_types: ['client_credentials'] }))).toMatch(
      /client_credentials/,
    );
    expect(errorOf(() => parseClientMetadata({ ...base, grant_types: ['refresh_token'] }))).toMatch(
      /authorization_code/,
    );
    expect(errorOf(() => parseClientMetadata({ ...base, response_types: ['token'] }))).toMatch(
      /response_types/,
    );
    expect(errorOf(() => parseClientMetadata({ ...base, client_name: 42 }))).toMatch(/client_name/);
    expect(errorOf(() => parseClientMetadata({ ...base, client_name: 'x'.repeat(101) }))).toMatch(
      /client_name/,
    );
    expect(errorOf(() => parseClientMetadata({ ...base, client_name: 'Safe\u202Eedoc' }))).toMatch(
      /bidirectional/,
    );
    expect(errorOf(() => parseClientMetadata({ ...base, client_uri: 'javascript:alert(1)' }))).toMatch(
      /client_uri/,
    );
    expect(errorOf(() => parseClientMetadata({ ...base, scope: 'a "b' }))).toMatch(/scope/);
    expect(errorOf(() => parseClientMetadata({ ...base, application_type: 'desktop' }))).toMatch(
      /application_type/,
    );
  });
});

describe('Client ID Metadata Documents', () => {
  const url = 'https://app.example/oauth/client.json';
  const doc = { client_id: url, client_name: 'App', redirect_uris: ['http://127.0.0.1/cb'] };

  it('accepts a document whose client_id is its URL, as a public client', () => {
    expect(parseClientMetadataDocument(doc, url)).toMatchObject({
      clientName: 'App',
      tokenEndpointAuthMethod: 'none',
    });
  });

  it('refuses a client_id other than the URL, a missing name, secrets and secret-based auth', () => {
    expect(
      errorOf(() =>
        parseClientMetadataDocument({ ...doc, client_id: 'https://other.example/oauth/client.json' }, url),
      ),
    ).toMatch(/differs from its URL/);
    expect(errorOf(() => parseClientMetadataDocument({ ...doc, client_id: `${url}/` }, url))).toMatch(
      /differs/,
    );
    expect(errorOf(() => parseClientMetadataDocument({ ...doc, client_name: ' ' }, url))).toMatch(
      /client_name/,
    );
    expect(errorOf(() => parseClientMetadataDocument({ ...doc, client_secret: 's' }, url))).toMatch(
      /client_secret/,
    );
    expect(
      errorOf(() =>
        parseClientMetadataDocument({ ...doc, token_endpoint_auth_method: 'client_secret_post' }, url),
      ),
    ).toMatch(/none/);
  });

  it('knows a metadata URL: https with a path, canonical, no fragment', () => {
    expect(isClientIdMetadataUrl(url)).toBe(true);
    expect(isClientIdMetadataUrl('https://app.example/')).toBe(false);
    expect(isClientIdMetadataUrl('https://app.example')).toBe(false);
    expect(isClientIdMetadataUrl('https://APP.example/c.json')).toBe(false);
    expect(isClientIdMetadataUrl('https://app.example/c.json#x')).toBe(false);
    expect(isClientIdMetadataUrl('https://u:p@app.example/c.json')).toBe(false);
    expect(isClientIdMetadataUrl('http://127.0.0.1:8080/c.json')).toBe(false);
    expect(isClientIdMetadataUrl('http://127.0.0.1:8080/c.json', { allowHttpLoopback: true })).toBe(true);
    expect(isClientIdMetadataUrl('http://10.0.0.1/c.json', { allowHttpLoopback: true })).toBe(false);
    expect(isClientIdMetadataUrl('mcpc_abc')).toBe(false);
  });
});
