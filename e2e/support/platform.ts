// Shortcuts through the API (via the console's origin, so the browser context gets the
// cookies) for the set-up steps a test is not about.
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import { expect } from './fixtures';

export interface TestUser {
  name: string;
  email: string;
  password: string;
  tenantName: string;
  tenantSlug: string;
}

export function newUser(label: string): TestUser {
  const id = randomBytes(4).toString('hex');
  return {
    name: `${label[0]!.toUpperCase()}${label.slice(1)} ${id}`,
    email: `${label}-${id}@e2e.example`,
    password: `Gate-keeper ${id} x!`,
    tenantName: `Tenant ${id}`,
    tenantSlug: `tenant-${id}`,
  };
}

function consoleUrl(): string {
  return process.env.E2E_CONSOLE_URL!;
}

async function csrf(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(consoleUrl())).find((c) => c.name === 'pc_csrf');
  if (!cookie) throw new Error('no pc_csrf cookie: sign in first');
  return cookie.value;
}

export async function signUpViaApi(context: BrowserContext, user: TestUser): Promise<void> {
  const res = await context.request.post(`${consoleUrl()}/api/v1/auth/signup`, {
    data: {
      email: user.email,
      password: user.password,
      name: user.name,
      tenantName: user.tenantName,
      tenantSlug: user.tenantSlug,
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** Creates an invitation as the signed-in owner of `context`; returns the token from its link. */
export async function inviteViaApi(
  context: BrowserContext,
  email: string,
  role: 'owner' | 'admin' | 'auditor' | 'member',
): Promise<string> {
  const res = await context.request.post(`${consoleUrl()}/api/v1/invitations`, {
    data: { email, role },
    headers: { 'X-CSRF-Token': await csrf(context), Origin: consoleUrl() },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { link } = (await res.json()) as { link: string };
  return new URL(link).hash.slice(1);
}

export async function acceptViaApi(context: BrowserContext, token: string, user: TestUser): Promise<void> {
  const res = await context.request.post(`${consoleUrl()}/api/v1/auth/invitations/accept`, {
    data: { token, name: user.name, password: user.password },
  });
  expect(res.status(), await res.text()).toBe(200);
}

export async function signInViaApi(context: BrowserContext, user: TestUser): Promise<void> {
  const res = await context.request.post(`${consoleUrl()}/api/v1/auth/signin`, {
    data: { email: user.email, password: user.password },
  });
  expect(res.status(), await res.text()).toBe(200);
}

/** A write through the console's origin as the signed-in user of `context` (CSRF and Origin included). */
export async function apiWrite(
  context: BrowserContext,
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  data?: unknown,
) {
  return context.request.fetch(`${consoleUrl()}${path}`, {
    method,
    data: data ?? {},
    headers: { 'X-CSRF-Token': await csrf(context), Origin: consoleUrl() },
  });
}

export interface RegisteredServer {
  id: string;
  slug: string;
  gatewayUrl: string;
}

export async function registerServerViaApi(
  context: BrowserContext,
  server: { name: string; slug: string; upstreamUrl: string; autoApproveTools?: boolean },
): Promise<RegisteredServer> {
  const res = await apiWrite(context, 'POST', '/api/v1/servers', server);
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as RegisteredServer;
}

/** Waits for the background sync to list the upstream's tools; returns them. */
export async function waitForToolsViaApi(
  context: BrowserContext,
  serverId: string,
): Promise<{ id: string; name: string; fingerprint: string }[]> {
  let items: { id: string; name: string; fingerprint: string }[] = [];
  await expect
    .poll(
      async () => {
        const res = await context.request.get(`${consoleUrl()}/api/v1/servers/${serverId}/tools`);
        items = ((await res.json()) as { items: typeof items }).items;
        return items.length;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThan(0);
  return items;
}

/** The example MCP server registered as `example`, its tools approved on arrival, once they have arrived. */
export async function exampleServerViaApi(
  context: BrowserContext,
  upstreamUrl: string,
): Promise<RegisteredServer> {
  const server = await registerServerViaApi(context, {
    name: 'Example',
    slug: 'example',
    upstreamUrl,
    autoApproveTools: true,
  });
  await waitForToolsViaApi(context, server.id);
  return server;
}

export async function createAgentViaApi(
  context: BrowserContext,
  name: string,
): Promise<{ id: string; clientId: string }> {
  const res = await apiWrite(context, 'POST', '/api/v1/agents', { name });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { id: string; clientId: string };
}

/** Waits until the audit trail holds at least `count` events matching the query (gateway
 * events are appended in batches by the worker, a moment after the call). */
export async function waitForAuditEventsViaApi(
  context: BrowserContext,
  query: string,
  count = 1,
): Promise<{ id: string; seq: number }[]> {
  let items: { id: string; seq: number }[] = [];
  await expect
    .poll(
      async () => {
        const res = await context.request.get(`${consoleUrl()}/api/v1/audit/events?${query}`);
        items = ((await res.json()) as { items: typeof items }).items ?? [];
        return items.length;
      },
      { timeout: 20_000 },
    )
    .toBeGreaterThanOrEqual(count);
  return items;
}
