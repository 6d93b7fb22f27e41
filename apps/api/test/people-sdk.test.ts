// The official MCP SDK client as an MCP host, given the gateway URL alone: discovery from the
// 401 challenge, dynamic registration, the authorization code flow with PKCE (the front channel
// followed with the member's console session through the API; e2e/ does it in Chromium), a
// granted tool and a refused one, a refresh when the access token stops working, and the end
// once the member revokes their consent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { MemoryOAuthProvider } from '@portcullis/testkit';
import { startTestApp, type TestApp } from './harness';
import { postForm } from './fixtures';
import { REDIRECT, requestIdOf, setupPeople, type PeopleEnv } from './people-fixtures';

let app: TestApp;
let env: PeopleEnv;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true' });
  env = await setupPeople(app.baseUrl, { tools: ['echo'] });
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const text = (r: unknown) => (r as { content: { type: string; text: string }[] }).content[0]?.text ?? '';

/** What a browser would do with the SDK's authorization URL: the member allows on the consent page. */
async function consent(url: URL): Promise<string> {
  const res = await fetch(url, { redirect: 'manual' });
  expect(res.status).toBe(302);
  const id = requestIdOf(res.headers.get('location'));
  const decided = await env.member.client.post(`/api/v1/auth/authorizations/${id}`, { decision: 'allow' });
  const back = new URL(decided.body.redirectTo);
  expect(back.searchParams.get('iss')).toBe(env.issuer);
  return back.searchParams.get('code')!;
}

describe('MCP SDK client with an OAuthClientProvider', () => {
  it('connects by discovery alone, calls within the grant, refreshes, and is refused after consent is revoked', async () => {
    const provider = new MemoryOAuthProvider(REDIRECT, {
      client_name: 'SDK host',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
    const url = new URL(env.gatewayUrl);
    const first = new Client({ name: 'sdk-host', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(url, { authProvider: provider });
    await expect(first.connect(transport)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(provider.clientInformation()?.client_id).toMatch(/^mcpc_/);
    const authUrl = provider.authorizationUrl!;
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authUrl.searchParams.get('resource')).toBe(env.gatewayUrl);
    await transport.finishAuth(await consent(authUrl));
    expect(provider.tokens()?.scope).toBe('mcp:tools:echo');

    const client = new Client({ name: 'sdk-host', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'hi from the SDK' } }))).toContain(
      'hi from the SDK',
    );
    const refused = await client.callTool({ name: 'add', arguments: { a: 1, b: 2 } }).then(
      () => 'called',
      (e: Error) => e.message,
    );
    expect(refused).toMatch(/not permitted/);

    // The access token stops working (revoked): the SDK refreshes on the 401 and carries on.
    const before = provider.tokens()!;
    await postForm(`${env.issuer}/revoke`, {
      token: before.access_token,
      client_id: provider.clientInformation()!.client_id,
    });
    expect(text(await client.callTool({ name: 'echo', arguments: { text: 'after refresh' } }))).toContain(
      'after refresh',
    );
    const after = provider.tokens()!;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).not.toBe(before.refresh_token);

    // The member revokes the consent: the next call is refused and the SDK falls back to asking again.
    const consents = (await env.member.client.get('/api/v1/auth/consents')).body.items;
    await env.member.client.delete(`/api/v1/auth/consents/${consents[0].id}`);
    const ended = await client.callTool({ name: 'echo', arguments: { text: 'x' } }).then(
      () => 'called',
      (e: Error) => e.constructor.name,
    );
    expect(ended).toBe('UnauthorizedError');
    expect(provider.tokens()).toBeUndefined();
    await client.close();
    await transport.close();
  });
});
