// Tenant isolation on the OAuth endpoints (the REST routes are walked by security.test.ts, the
// gateway by gateway.test.ts): each tenant's authorization server knows only its own clients,
// tokens and keys, whoever presents them.
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agentWithSecret, basic, postForm, setupTenantWithServer } from './fixtures';
import { startTestApp, type TestApp } from './harness';
import { initializeAt } from './mcp-http';

let app: TestApp;
let a: Awaited<ReturnType<typeof setupTenantWithServer>>;
let b: Awaited<ReturnType<typeof setupTenantWithServer>>;

beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', KEY_PREPUBLISH_SEC: '0' });
  [a, b] = await Promise.all([setupTenantWithServer(app.baseUrl), setupTenantWithServer(app.baseUrl)]);
});
afterAll(async () => {
  await Promise.all([a?.upstream.close(), b?.upstream.close()]);
  await app?.close();
});

type Agent = Awaited<ReturnType<typeof agentWithSecret>>;
const tokenOf = async (issuer: string, agent: Agent, resource: string) => {
  const res = await postForm(
    `${issuer}/token`,
    { grant_type: 'client_credentials', resource },
    { authorization: basic(agent.clientId, agent.clientSecret) },
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.access_token as string;
};
const initialize = (gatewayUrl: string, token: string) => initializeAt(gatewayUrl, token, 'isolation');

describe("one tenant's OAuth endpoints and another's credentials", () => {
  it("refuses at B's token endpoint a client of A, even for B's own resource", async () => {
    const agentA = await agentWithSecret(a.owner.client, a.serverId);
    for (const resource of [b.gatewayUrl, a.gatewayUrl]) {
      const res = await postForm(
        `${b.issuer}/token`,
        { grant_type: 'client_credentials', resource },
        { authorization: basic(agentA.clientId, agentA.clientSecret) },
      );
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('invalid_client');
    }
  });

  it("answers inactive at B for A's token, and B's revocation endpoint cannot revoke it", async () => {
    const [agentA, agentB] = await Promise.all([
      agentWithSecret(a.owner.client, a.serverId),
      agentWithSecret(b.owner.client, b.serverId),
    ]);
    const tokenA = await tokenOf(a.issuer, agentA, a.gatewayUrl);
    const asB = { authorization: basic(agentB.clientId, agentB.clientSecret) };

    const introspected = await postForm(`${b.issuer}/introspect`, { token: tokenA }, asB);
    expect(introspected.body).toEqual({ active: false });
    // RFC 7009: an unknown token is answered 200, and nothing changes.
    expect((await postForm(`${b.issuer}/revoke`, { token: tokenA }, asB)).status).toBe(200);
    expect((await initialize(a.gatewayUrl, tokenA)).status).toBe(200);
    expect(
      (
        await postForm(
          `${a.issuer}/introspect`,
          { token: tokenA },
          { authorization: basic(agentA.clientId, agentA.clientSecret) },
        )
      ).body,
    ).toMatchObject({ active: true });
  });

  it("publishes only its own keys: A's token does not verify against B's JWKS, nor is it accepted at B's gateway", async () => {
    const agentA = await agentWithSecret(a.owner.client, a.serverId);
    const tokenA = await tokenOf(a.issuer, agentA, a.gatewayUrl);
    const jwksOf = async (issuer: string) =>
      createLocalJWKSet((await (await fetch(`${issuer}/jwks.json`)).json()) as JSONWebKeySet);
    await expect(jwtVerify(tokenA, await jwksOf(a.issuer))).resolves.toBeTruthy();
    await expect(jwtVerify(tokenA, await jwksOf(b.issuer))).rejects.toThrow();
    expect((await initialize(b.gatewayUrl, tokenA)).status).toBe(401);
  });

  it("keeps an admin API token of A out of B's introspection", async () => {
    const agentB = await agentWithSecret(b.owner.client, b.serverId);
    const tokenB = await tokenOf(b.issuer, agentB, b.gatewayUrl);
    const adminA = await a.owner.client.post('/api/v1/api-tokens', { name: 'rs', role: 'auditor' });
    const res = await fetch(`${b.issuer}/introspect`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${adminA.body.token}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ token: tokenB }),
    });
    expect(res.status).toBe(401);
  });
});
