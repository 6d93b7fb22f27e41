// People's MCP hosts with a real OAuth client: openid-client's authorization code flow with
// PKCE (discovery, RFC 9207 iss check, resource indicators), the member's consent through
// the console's API, a granted tool through the gateway and a refused one, refresh with
// rotation, and refusal once the consent is revoked. The member, the client and the server
// are named in the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { OAuthMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { startTestApp, type TestApp } from './harness';
import { postForm, waitUntil } from './fixtures';
import {
  REDIRECT,
  callTool,
  registerClient,
  requestIdOf,
  setupPeople,
  type PeopleEnv,
} from './people-fixtures';

let app: TestApp;
let env: PeopleEnv;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', KEY_PREPUBLISH_SEC: '0' });
  env = await setupPeople(app.baseUrl, { tools: ['echo'] });
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const insecure = { execute: [oidc.allowInsecureRequests] };

describe('metadata', () => {
  it('lists what the code flow needs, valid for the MCP SDK, and only what works', async () => {
    const meta = (await (
      await fetch(`${app.baseUrl}/.well-known/oauth-authorization-server/t/${env.tenant.slug}`)
    ).json()) as Record<string, unknown>;
    expect(OAuthMetadataSchema.safeParse(meta).success).toBe(true);
    expect(meta).toMatchObject({
      authorization_endpoint: `${env.issuer}/authorize`,
      registration_endpoint: `${env.issuer}/register`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      client_id_metadata_document_supported: true,
      authorization_response_iss_parameter_supported: true,
    });
    expect(meta.token_endpoint_auth_methods_supported).toContain('none');

    // A tenant that accepts no registrations does not advertise them.
    expect((await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'off' })).status).toBe(200);
    const off = (await (await fetch(`${env.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(off.registration_endpoint).toBeUndefined();
    expect(off.client_id_metadata_document_supported).toBeUndefined();
    expect((await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'open' })).status).toBe(200);
  });
});

describe('openid-client: authorization code with PKCE', () => {
  it('authorizes a member, calls a granted tool, is refused another, refreshes, and is refused after consent is revoked', async () => {
    const registered = await registerClient(env, { client_name: 'openid-client host' });
    const config = await oidc.discovery(
      new URL(env.issuer),
      registered.client_id,
      undefined,
      oidc.None(),
      insecure,
    );
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'mcp:tools mcp:resources mcp:prompts',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      resource: env.gatewayUrl,
    });
    const start = await fetch(url, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const id = requestIdOf(start.headers.get('location'));
    expect(start.headers.get('location')).toBe(`http://console.test/authorize?request=${id}`);

    // The consent page: the client (unverified), where codes go, the server and what it would get.
    const view = await env.member.client.get(`/api/v1/auth/authorizations/${id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      client: { name: 'openid-client host', verified: false, kind: 'dynamic' },
      redirectTarget: '127.0.0.1:43123',
      loopbackOnly: true,
      server: { id: env.serverId, resource: env.gatewayUrl },
      scopes: ['mcp:tools:echo'],
      access: { tools: ['echo'], resources: false, prompts: false },
      remembered: false,
      blocked: null,
    });
    const decided = await env.member.client.post(`/api/v1/auth/authorizations/${id}`, { decision: 'allow' });
    expect(decided.status).toBe(200);
    const back = new URL(decided.body.redirectTo);
    expect(back.searchParams.get('iss')).toBe(env.issuer);
    expect(back.searchParams.get('state')).toBe(state);

    const tokens = await oidc.authorizationCodeGrant(
      config,
      back,
      { pkceCodeVerifier: verifier, expectedState: state },
      { resource: env.gatewayUrl },
    );
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.scope).toBe('mcp:tools:echo');
    expect(tokens.refresh_token).toMatch(/^pcrt_/);
    const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({
      sub: env.member.userId,
      client_id: registered.client_id,
      aud: env.gatewayUrl,
      iss: env.issuer,
    });

    const echoed = await callTool(env.gatewayUrl, tokens.access_token, 'echo', {
      text: 'hello from a person',
    });
    expect(echoed.status).toBe(200);
    expect(echoed.body).toContain('hello from a person');
    const refused = await callTool(env.gatewayUrl, tokens.access_token, 'add', { a: 1, b: 2 });
    expect(refused.body).toMatch(/not permitted/);

    // Refresh: a new access token and a rotated refresh token, bound to the same resource.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!, {
      resource: env.gatewayUrl,
    });
    expect(refreshed.refresh_token).toBeDefined();
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(
      (await callTool(env.gatewayUrl, refreshed.access_token, 'echo', { text: 'refreshed' })).body,
    ).toContain('refreshed');

    // An admin's introspection sees the person's token as active, naming the person and the client.
    const adminToken = (
      await env.owner.client.post('/api/v1/api-tokens', { name: 'introspection', role: 'admin' })
    ).body.token as string;
    const introspect = async (token: string) =>
      (await postForm(`${env.issuer}/introspect`, { token }, { authorization: `Bearer ${adminToken}` })).body;
    expect(await introspect(refreshed.access_token)).toMatchObject({
      active: true,
      sub: env.member.userId,
      client_id: registered.client_id,
    });

    // The member revokes the consent in the console: the gateway refuses at once, refresh too.
    const consents = await env.member.client.get('/api/v1/auth/consents');
    const consent = consents.body.items.find(
      (c: { client: { clientId: string } }) => c.client.clientId === registered.client_id,
    );
    expect(consent).toMatchObject({
      server: { id: env.serverId },
      scopes: ['mcp:tools:echo'],
      member: { userId: env.member.userId },
    });
    expect((await env.member.client.delete(`/api/v1/auth/consents/${consent.id}`)).status).toBe(204);
    const after = await callTool(env.gatewayUrl, refreshed.access_token, 'echo', { text: 'after revoke' });
    expect(after.status).toBe(401);
    expect(after.challenge).toMatch(/error="invalid_token"/);
    await expect(oidc.refreshTokenGrant(config, refreshed.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    expect(await introspect(refreshed.access_token)).toEqual({ active: false });

    // The trail names the person and the client.
    const trail = await waitUntil('the call in the audit trail', async () => {
      const res = await env.owner.client.get(
        `/api/v1/audit/events?action=gateway.call&actor=${env.member.userId}`,
      );
      return res.body.items?.find((e: { details: { tool?: string } }) => e.details.tool === 'echo');
    });
    expect(trail).toMatchObject({
      actor: { type: 'user', id: env.member.userId, label: env.member.email },
      details: { client: { id: registered.client_id, name: 'openid-client host' } },
    });
    await waitUntil("the person's consent and tokens in the trail", async () => {
      const actions = (
        await env.owner.client.get(`/api/v1/audit/events?actor=${env.member.userId}`)
      ).body.items.map((e: { action: string }) => e.action);
      return ['consent.granted', 'consent.revoked', 'token.issued'].every((a) => actions.includes(a));
    });
  });
});
