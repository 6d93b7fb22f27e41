// How MCP hosts become clients of a tenant: dynamic registration (RFC 7591) as VS Code and the
// SDK send it, its validation and rate limit, the tenant's setting (open, approval, off), and
// Client ID Metadata Documents fetched from their URL (client_id must equal it; private
// addresses refused), cached, and usable for the whole flow.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthClientInformationFullSchema } from '@modelcontextprotocol/sdk/shared/auth.js';
import { startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import {
  REDIRECT,
  authorizeAs,
  authorizeRequest,
  pkce,
  redeem,
  registerClient,
  setupPeople,
  type PeopleEnv,
} from './people-fixtures';

let app: TestApp;
let env: PeopleEnv;
let docs: Server;
let docsBase: string;
let fetches = 0;
const documents = new Map<string, unknown>();

beforeAll(async () => {
  app = await startTestApp({
    RUN_WORKER: 'true',
    TRUSTED_PROXIES: '127.0.0.1',
    OAUTH_REGISTRATION_LIMIT: '3',
  });
  env = await setupPeople(app.baseUrl, { tools: '*' });
  docs = createServer((req, res) => {
    fetches++;
    const doc = documents.get(req.url ?? '');
    if (!doc) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=3600' });
    res.end(JSON.stringify(doc));
  });
  await new Promise<void>((r) => docs.listen(0, '127.0.0.1', r));
  docsBase = `http://127.0.0.1:${(docs.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => docs.close(() => r()));
  await env?.upstream.close();
  await app.close();
});

let ipCounter = 0;
/** Each test registers from its own address (through the trusted proxy), so limits do not mix. */
const freshIp = () => `198.51.100.${++ipCounter}`;
const fromFreshIp = () => ({ 'x-forwarded-for': freshIp() });

async function register(body: unknown, ip = freshIp(), contentType = 'application/json') {
  const res = await fetch(env.register, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-forwarded-for': ip },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

describe('dynamic registration', () => {
  it("registers VS Code's metadata as sent, echoing it in the shape the MCP SDK parses", async () => {
    const vscode = {
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
    };
    const res = await register(vscode);
    expect(res.status).toBe(201);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    // Methods and headers are the preflight's business (answered for every issuer path).
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
    const preflight = await fetch(env.register, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://vscode.dev',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Content-Type');
    expect(OAuthClientInformationFullSchema.safeParse(res.body).success).toBe(true);
    expect(res.body).toMatchObject({
      client_id: expect.stringMatching(/^mcpc_[A-Za-z0-9_-]+$/),
      redirect_uris: vscode.redirect_uris,
      token_endpoint_auth_method: 'none',
      grant_types: vscode.grant_types,
    });
    expect(res.body.client_secret).toBeUndefined();
    expect(Object.values(res.body)).not.toContain(null);
    const listed = (await env.owner.client.get('/api/v1/oauth-clients')).body.items.find(
      (c: { clientId: string }) => c.clientId === res.body.client_id,
    );
    expect(listed).toMatchObject({
      name: 'Visual Studio Code',
      status: 'active',
      kind: 'dynamic',
      verified: false,
      redirectTargets: ['insiders.vscode.dev', 'vscode.dev', '127.0.0.1', '127.0.0.1:33418'],
    });
  });

  it('refuses bad redirect URIs and metadata with RFC 7591 errors, storing nothing', async () => {
    const before = await app.db.oAuthClient.count({ where: { tenantId: env.tenant.id } });
    for (const uris of [
      ['https://app.example/cb#frag'],
      ['http://evil.example/cb'],
      ['javascript:alert(1)'],
      ['data:text/html,x'],
      [],
    ]) {
      const res = await register({ redirect_uris: uris });
      expect(res.status, JSON.stringify(uris)).toBe(400);
      expect(res.body.error).toBe('invalid_redirect_uri');
    }
    expect(
      (await register({ redirect_uris: [REDIRECT], grant_types: ['client_credentials'] })).body.error,
    ).toBe('invalid_client_metadata');
    expect(
      (await register({ redirect_uris: [REDIRECT], token_endpoint_auth_method: 'private_key_jwt' })).body
        .error,
    ).toBe('invalid_client_metadata');
    expect((await register('{"redirect_uris": [', freshIp())).body.error).toBe('invalid_client_metadata');
    expect(
      (await register(`redirect_uris=${REDIRECT}`, freshIp(), 'application/x-www-form-urlencoded')).body
        .error,
    ).toBe('invalid_client_metadata');
    expect(await app.db.oAuthClient.count({ where: { tenantId: env.tenant.id } })).toBe(before);
  });

  it('is rate-limited per address', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await register({ redirect_uris: [REDIRECT] }, ip)).status).toBe(201);
    const limited = await register({ redirect_uris: [REDIRECT] }, ip);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await register({ redirect_uris: [REDIRECT] })).status).toBe(201);
  });

  it('follows the tenant setting: approval keeps a client pending until an admin approves it; off refuses', async () => {
    expect((await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'approval' })).status).toBe(
      200,
    );
    const pending = await register({
      client_name: 'Needs approval',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
    });
    expect(pending.status).toBe(201);
    const p = pkce();
    const params = {
      response_type: 'code',
      client_id: pending.body.client_id,
      redirect_uri: REDIRECT,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
      resource: env.gatewayUrl,
    };
    const waiting = await authorizeRequest(env.issuer, params);
    expect(waiting.status).toBe(403);
    expect(waiting.text).toContain('awaits an administrator');
    const row = (await env.owner.client.get('/api/v1/oauth-clients')).body.items.find(
      (c: { clientId: string }) => c.clientId === pending.body.client_id,
    );
    expect(row.status).toBe('pending');
    expect(
      (await env.owner.client.patch(`/api/v1/oauth-clients/${row.id}`, { status: 'active', verified: true }))
        .status,
    ).toBe(200);
    expect((await authorizeRequest(env.issuer, params)).status).toBe(302);
    const approved = (await env.owner.client.get('/api/v1/audit/events?action=oauth_client.approved')).body
      .items;
    expect(approved.some((e: { target: { id: string } }) => e.target.id === row.id)).toBe(true);

    expect((await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'off' })).status).toBe(200);
    const off = await register({ redirect_uris: [REDIRECT] });
    expect(off.status).toBe(403);
    expect(off.body.error).toBe('access_denied');
    expect((await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'open' })).status).toBe(200);
  });
});

describe('client ID metadata documents', () => {
  const docUrl = (path: string) => `${docsBase}${path}`;

  it('fetches the document at the client_id URL, records the client, caches it, and completes the flow', async () => {
    const clientId = docUrl('/hosts/editor.json');
    documents.set('/hosts/editor.json', {
      client_id: clientId,
      client_name: 'Editor',
      redirect_uris: [REDIRECT],
      grant_types: ['authorization_code', 'refresh_token'],
    });
    const before = fetches;
    const a = await authorizeAs(env.member.client, env, clientId, { headers: fromFreshIp() });
    expect(a.view).toMatchObject({
      client: { kind: 'metadata_document', name: 'Editor', domain: new URL(docsBase).host, verified: false },
    });
    const tokens = await redeem(env, clientId, a.code!, a.verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body.refresh_token).toBeDefined();
    await authorizeAs(env.member.client, env, clientId, { headers: fromFreshIp() });
    expect(fetches - before).toBe(1);
    const row = (await env.owner.client.get('/api/v1/oauth-clients')).body.items.find(
      (c: { clientId: string }) => c.clientId === clientId,
    );
    expect(row).toMatchObject({ kind: 'metadata_document', name: 'Editor', status: 'active' });
  });

  it('refuses a document whose client_id differs from its URL, and records why', async () => {
    const clientId = docUrl('/hosts/liar.json');
    documents.set('/hosts/liar.json', {
      client_id: docUrl('/hosts/someone-else.json'),
      client_name: 'Liar',
      redirect_uris: [REDIRECT],
    });
    const p = pkce();
    const res = await authorizeRequest(
      env.issuer,
      {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        code_challenge: p.challenge,
        code_challenge_method: 'S256',
      },
      fromFreshIp(),
    );
    expect(res.status).toBe(400);
    expect(res.location).toBeNull();
    expect(res.text).toContain('differs from its URL');
    expect(await app.db.oAuthClient.count({ where: { tenantId: env.tenant.id, clientId } })).toBe(0);
    // Refusals are appended by the worker, a moment after the answer.
    const refused = await waitUntil('the refusal in the trail', async () => {
      const items = (
        await env.owner.client.get('/api/v1/audit/events?action=oauth_client.registration_refused')
      ).body.items as { actor: { id: string }; reason: string }[];
      return items.find((e) => e.actor.id === clientId);
    });
    expect(refused.reason).toMatch(/differs from its URL/);
  });

  it('refuses a document on a private or link-local address without fetching it', async () => {
    for (const clientId of [
      'https://10.1.2.3/client.json',
      'https://169.254.169.254/latest/client.json',
      'https://[fd00::1]/client.json',
    ]) {
      const p = pkce();
      const res = await authorizeRequest(
        env.issuer,
        {
          response_type: 'code',
          client_id: clientId,
          redirect_uri: REDIRECT,
          code_challenge: p.challenge,
          code_challenge_method: 'S256',
        },
        fromFreshIp(),
      );
      expect(res.status, clientId).toBe(400);
      expect(res.location).toBeNull();
      expect(res.text).toMatch(/not allowed/);
    }
  });

  it('follows the tenant setting: off refuses unknown documents, approval records them as pending', async () => {
    documents.set('/hosts/later.json', {
      client_id: docUrl('/hosts/later.json'),
      client_name: 'Later',
      redirect_uris: [REDIRECT],
    });
    const p = pkce();
    const params = {
      response_type: 'code',
      client_id: docUrl('/hosts/later.json'),
      redirect_uri: REDIRECT,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
    };
    await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'off' });
    expect((await authorizeRequest(env.issuer, params, fromFreshIp())).text).toContain(
      'does not accept new applications',
    );
    await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'approval' });
    expect((await authorizeRequest(env.issuer, params, fromFreshIp())).status).toBe(403);
    expect(
      (
        await app.db.oAuthClient.findFirstOrThrow({
          where: { tenantId: env.tenant.id, clientId: params.client_id },
        })
      ).status,
    ).toBe('pending');
    await env.owner.client.patch('/api/v1/tenant', { clientRegistration: 'open' });
  });

  it('counts a new metadata document against the registration limit of its address', async () => {
    const ip = fromFreshIp();
    for (let i = 0; i < 4; i++)
      documents.set(`/hosts/many-${i}.json`, {
        client_id: docUrl(`/hosts/many-${i}.json`),
        client_name: `Many ${i}`,
        redirect_uris: [REDIRECT],
      });
    const p = pkce();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await authorizeRequest(
        env.issuer,
        {
          response_type: 'code',
          client_id: docUrl(`/hosts/many-${i}.json`),
          redirect_uri: REDIRECT,
          code_challenge: p.challenge,
          code_challenge_method: 'S256',
          resource: env.gatewayUrl,
        },
        ip,
      );
      statuses.push(res.status);
      if (i === 3) expect(res.text).toContain('Too many new applications');
    }
    expect(statuses).toEqual([302, 302, 302, 400]);
  });

  it('lets an admin remove a client: its grants and tokens go with it', async () => {
    const registered = await registerClient(env, { client_name: 'Short-lived' });
    const a = await authorizeAs(env.member.client, env, registered.client_id);
    const tokens = await redeem(env, registered.client_id, a.code!, a.verifier);
    const row = (await env.owner.client.get('/api/v1/oauth-clients')).body.items.find(
      (c: { clientId: string }) => c.clientId === registered.client_id,
    );
    expect(row.consents).toBe(1);
    expect((await env.owner.client.delete(`/api/v1/oauth-clients/${row.id}`)).status).toBe(204);
    expect(
      (
        await fetch(env.token, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            client_id: registered.client_id,
            refresh_token: tokens.body.refresh_token,
          }),
        })
      ).status,
    ).toBe(401);
    const p = pkce();
    const again = await authorizeRequest(env.issuer, {
      response_type: 'code',
      client_id: registered.client_id,
      redirect_uri: REDIRECT,
      code_challenge: p.challenge,
      code_challenge_method: 'S256',
    });
    expect(again.status).toBe(400);
  });
});
