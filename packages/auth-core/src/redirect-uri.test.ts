import { describe, expect, it } from 'vitest';
import { RedirectUriError, classifyRedirectUri, matchRedirectUri, redirectTarget } from './redirect-uri';

const refusal = (uri: string) => {
  try {
    classifyRedirectUri(uri);
  } catch (e) {
    return e instanceof RedirectUriError ? e.message : `unexpected ${String(e)}`;
  }
  return undefined;
};

describe('classifyRedirectUri', () => {
  it('accepts what real MCP hosts register', () => {
    expect(classifyRedirectUri('https://vscode.dev/redirect')).toBe('https');
    expect(classifyRedirectUri('https://claude.ai/api/mcp/auth_callback')).toBe('https');
    expect(classifyRedirectUri('http://127.0.0.1:33418/')).toBe('loopback');
    expect(classifyRedirectUri('http://127.0.0.1/')).toBe('loopback');
    expect(classifyRedirectUri('http://localhost:6274/oauth/callback')).toBe('loopback');
    expect(classifyRedirectUri('http://[::1]:8080/cb')).toBe('loopback');
    expect(classifyRedirectUri('cursor://anysphere.cursor-mcp/oauth/callback')).toBe('private_use');
    expect(classifyRedirectUri('com.example.app:/oauth2redirect')).toBe('private_use');
  });

  it('refuses fragments, credentials, plain http elsewhere and dangerous schemes', () => {
    expect(refusal('https://app.example/cb#x')).toMatch(/fragment/);
    expect(refusal('https://app.example/cb#')).toMatch(/fragment/);
    expect(refusal('https://user:pw@app.example/cb')).toMatch(/credentials/);
    expect(refusal('http://app.example/cb')).toMatch(/loopback/);
    expect(refusal('http://127.0.0.2.nip.io/cb')).toMatch(/loopback/);
    expect(refusal('javascript:alert(1)')).toMatch(/javascript/);
    expect(refusal('data:text/html,hi')).toMatch(/data/);
    expect(refusal('file:///etc/passwd')).toMatch(/file/);
    expect(refusal('vbscript:x')).toMatch(/vbscript/);
    expect(refusal('/relative/cb')).toMatch(/absolute/);
    expect(refusal('https://app.example/c b')).toMatch(/spaces/);
    expect(refusal('https://app.example\\@evil.example/')).toMatch(/backslash/);
    expect(refusal('https://аpp.example/cb')).toMatch(/non-ASCII/);
    expect(refusal('myapp:relative')).toMatch(/path/);
    expect(refusal('')).toMatch(/absolute/);
    expect(refusal(`https://a.example/${'x'.repeat(2100)}`)).toMatch(/2048/);
  });
});

describe('matchRedirectUri', () => {
  const registered = [
    'https://app.example/cb',
    'http://127.0.0.1/callback',
    'http://localhost:6274/oauth/callback',
    'cursor://anysphere.cursor-mcp/oauth/callback',
  ];

  it('matches exactly, and loopback URIs on any port', () => {
    expect(matchRedirectUri(registered, 'https://app.example/cb')).toBe(true);
    expect(matchRedirectUri(registered, 'cursor://anysphere.cursor-mcp/oauth/callback')).toBe(true);
    expect(matchRedirectUri(registered, 'http://127.0.0.1:51234/callback')).toBe(true);
    expect(matchRedirectUri(registered, 'http://127.0.0.1/callback')).toBe(true);
    expect(matchRedirectUri(registered, 'http://localhost:9999/oauth/callback')).toBe(true);
  });

  it('refuses anything else: other paths, hosts, queries, schemes, case or a trailing slash', () => {
    expect(matchRedirectUri(registered, 'https://app.example/cb/')).toBe(false);
    expect(matchRedirectUri(registered, 'https://APP.example/cb')).toBe(false);
    expect(matchRedirectUri(registered, 'https://app.example/cb?x=1')).toBe(false);
    expect(matchRedirectUri(registered, 'https://app.example:8443/cb')).toBe(false);
    expect(matchRedirectUri(registered, 'https://app.example/cb#frag')).toBe(false);
    expect(matchRedirectUri(registered, 'http://127.0.0.1:51234/other')).toBe(false);
    expect(matchRedirectUri(registered, 'http://localhost:51234/callback')).toBe(false);
    expect(matchRedirectUri(registered, 'http://127.0.0.1:51234/callback?next=evil')).toBe(false);
    expect(matchRedirectUri(registered, 'https://127.0.0.1:51234/callback')).toBe(false);
    expect(matchRedirectUri(registered, 'cursor://anysphere.cursor-mcp/oauth/callback2')).toBe(false);
    expect(matchRedirectUri([], 'https://app.example/cb')).toBe(false);
  });
});

describe('redirectTarget', () => {
  it('names the host, or the scheme of a native app', () => {
    expect(redirectTarget('https://vscode.dev/redirect')).toBe('vscode.dev');
    expect(redirectTarget('http://127.0.0.1:33418/')).toBe('127.0.0.1:33418');
    expect(redirectTarget('cursor://anysphere.cursor-mcp/oauth/callback')).toBe(
      'cursor://anysphere.cursor-mcp',
    );
    expect(redirectTarget('com.example.app:/cb')).toBe('com.example.app:');
  });
});
