// The authorization server with real clients: openid-client (discovery, client credentials
// with basic, post and private_key_jwt, introspection, revocation) and jose's remote JWKS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, exportJWK, generateKeyPair, jwtVerify } from 'jose';
import { OAuthMetadataSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { startTestApp, type TestApp } from './harness';
import { agentWithSecret, setupTenantWithServer } from './fixtures';

let app: TestApp;
let env: Awaited<ReturnType<typeof setupTenantWithServer>>;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', KEY_PREPUBLISH_SEC: '0' });
  env = await setupTenantWithServer(app.baseUrl);
});
afterAll(async () => {
  await env?.upstream.close();
  await app.close();
});

const insecure = { execute: [oidc.allowInsecureRequests] };

/** The tenant's configuration by discovery alone, for a client authenticating with HTTP Basic. */
const discoverWithBasic = (clientId: string, secret: string) =>
  oidc.discovery(new URL(env.issuer), clientId, secret, oidc.ClientSecretBasic(secret), insecure);

/** The OAuth error a refused grant produced. openid-client surfaces a 401 that carries a
 * WWW-Authenticate challenge (client_secret_basic) as a challenge error without the body. */
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'granted',
    (e: { error?: string; status?: number }) => e.error ?? (e.status === 401 ? 'invalid_client' : String(e)),
  );

describe('discovery', () => {
  it('serves byte-identical metadata at every path variant, valid for the MCP SDK', async () => {
    const slug = env.tenant.slug;
    const urls = [
      `${app.baseUrl}/.well-known/oauth-authorization-server/t/${slug}`,
      `${app.baseUrl}/.well-known/openid-configuration/t/${slug}`,
      `${app.baseUrl}/t/${slug}/.well-known/openid-configuration`,
      `${app.baseUrl}/t/${slug}/.well-known/oauth-authorization-server`,
    ];
    const bodies = await Promise.all(urls.map(async (u) => (await fetch(u)).text()));
    expect(new Set(bodies).size).toBe(1);
    const meta = JSON.parse(bodies[0]!);
    expect(meta.issuer).toBe(env.issuer);
    expect(OAuthMetadataSchema.safeParse(meta).success).toBe(true);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(
      expect.arrayContaining(['client_secret_basic', 'client_secret_post', 'private_key_jwt']),
    );
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(
      (await fetch(`${app.baseUrl}/.well-known/oauth-authorization-server/t/no-such-tenant`)).status,
    ).toBe(404);
  });

  it('answers an unknown client at the authorization endpoint with a page of its own, never a redirect', async () => {
    const res = await fetch(
      `${env.issuer}/authorize?response_type=code&client_id=x&redirect_uri=https://evil.example/cb`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('not registered');
  });
});

describe('openid-client', () => {
  it('gets a token by discovery alone with client_secret_basic; it verifies, introspects and is revocable', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const config = await discoverWithBasic(agent.clientId, agent.clientSecret);
    const tokens = await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(300);
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe('mcp:tools');

    const jwks = createRemoteJWKSet(new URL(`${env.issuer}/jwks.json`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, {
      issuer: env.issuer,
      audience: env.gatewayUrl,
      typ: 'at+jwt',
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({ sub: agent.clientId, client_id: agent.clientId, scope: 'mcp:tools' });
    expect(payload.exp! - payload.iat!).toBe(300);

    const active = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(active).toMatchObject({ active: true, client_id: agent.clientId, aud: env.gatewayUrl });
    await oidc.tokenRevocation(config, tokens.access_token);
    expect((await oidc.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
  });

  it('supports client_secret_post', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const config = await oidc.discovery(
      new URL(env.issuer),
      agent.clientId,
      agent.clientSecret,
      oidc.ClientSecretPost(agent.clientSecret),
      insecure,
    );
    const tokens = await oidc.clientCredentialsGrant(config, {
      resource: env.gatewayUrl,
      scope: 'mcp:tools',
    });
    expect(tokens.access_token.split('.')).toHaveLength(3);
  });

  it('supports private_key_jwt with a registered public key', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId, { tools: '*' }, ['private_key_jwt']);
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const added = await env.owner.client.post(`/api/v1/agents/${agent.agentId}/keys`, {
      jwk: { ...(await exportJWK(publicKey)), alg: 'ES256' },
    });
    expect(added.status).toBe(201);
    const config = await oidc.discovery(
      new URL(env.issuer),
      agent.clientId,
      {},
      oidc.PrivateKeyJwt(privateKey),
      insecure,
    );
    const tokens = await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    expect(tokens.access_token).toBeTruthy();
    // The same agent may not use a secret: it registered private_key_jwt only.
    const bySecret = await oidc
      .discovery(
        new URL(env.issuer),
        agent.clientId,
        agent.clientSecret,
        oidc.ClientSecretBasic(agent.clientSecret),
        insecure,
      )
      .then((c) => refusal(oidc.clientCredentialsGrant(c, { resource: env.gatewayUrl })));
    expect(bySecret).toBe('invalid_client');
  });

  it('lets an admin API token introspect any of the tenant tokens', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const config = await discoverWithBasic(agent.clientId, agent.clientSecret);
    const { access_token } = await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    const admin = await env.owner.client.post('/api/v1/api-tokens', { name: 'rs', role: 'auditor' });
    const res = await fetch(`${env.issuer}/introspect`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${admin.body.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: access_token }),
    });
    expect(await res.json()).toMatchObject({ active: true, client_id: agent.clientId });
  });
});

describe('signing keys', () => {
  it('rotates: new tokens use the new key and old tokens still verify against the JWKS', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const config = await discoverWithBasic(agent.clientId, agent.clientSecret);
    const before = await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    const keysBefore = (await env.owner.client.get('/api/v1/signing-keys')).body.items;
    const rotated = await env.owner.client.post('/api/v1/signing-keys/rotate', {});
    expect(rotated.status).toBe(200);
    // Pre-publish is 0 in this suite: the next scheduled pass (or a second rotate) promotes.
    await env.owner.client.post('/api/v1/signing-keys/rotate', {});
    const keysAfter = (await env.owner.client.get('/api/v1/signing-keys')).body.items;
    const active = keysAfter.find((k: { state: string }) => k.state === 'active');
    expect(active.kid).not.toBe(keysBefore.find((k: { state: string }) => k.state === 'active').kid);
    const after = await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    const jwks = createRemoteJWKSet(new URL(`${env.issuer}/jwks.json`));
    const a = await jwtVerify(before.access_token, jwks, { issuer: env.issuer, audience: env.gatewayUrl });
    const b = await jwtVerify(after.access_token, jwks, { issuer: env.issuer, audience: env.gatewayUrl });
    expect(b.protectedHeader.kid).toBe(active.kid);
    expect(a.protectedHeader.kid).not.toBe(b.protectedHeader.kid);
    // Private keys are sealed at rest.
    const row = await app.db.signingKey.findFirstOrThrow({ where: { kid: active.kid } });
    expect(row.privateKeySealed).toMatch(/^v1\./);
    expect(row.privateKeySealed).not.toContain('PRIVATE KEY');
  });
});

describe('cut-off', () => {
  it('stops issuing to a disabled agent and to a revoked secret within a second', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const config = await discoverWithBasic(agent.clientId, agent.clientSecret);
    await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    await env.owner.client.patch(`/api/v1/agents/${agent.agentId}`, { status: 'disabled' });
    const err = await refusal(oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl }));
    expect(err).toBe('invalid_client');
    await env.owner.client.patch(`/api/v1/agents/${agent.agentId}`, { status: 'active' });
    await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl });
    await env.owner.client.delete(`/api/v1/agents/${agent.agentId}/secrets/${agent.secretId}`);
    const revoked = await refusal(oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl }));
    expect(revoked).toBe('invalid_client');
  });

  it('keeps old secrets working during a rotation overlap, then not', async () => {
    const agent = await agentWithSecret(env.owner.client, env.serverId);
    const next = await env.owner.client.post(`/api/v1/agents/${agent.agentId}/secrets`, {
      expireOthersInHours: 1,
    });
    const list = (await env.owner.client.get(`/api/v1/agents/${agent.agentId}/secrets`)).body.items;
    expect(list.find((s: { id: string }) => s.id === agent.secretId).expiresAt).not.toBeNull();
    for (const secret of [agent.clientSecret, next.body.clientSecret]) {
      const config = await discoverWithBasic(agent.clientId, secret);
      expect(
        (await oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl })).access_token,
      ).toBeTruthy();
    }
    await env.owner.client.patch(`/api/v1/agents/${agent.agentId}/secrets/${agent.secretId}`, {
      expiresAt: new Date(Date.now() - 1000).toISOString(),
    });
    const config = await discoverWithBasic(agent.clientId, agent.clientSecret);
    expect(await refusal(oidc.clientCredentialsGrant(config, { resource: env.gatewayUrl }))).toBe(
      'invalid_client',
    );
  });
});
