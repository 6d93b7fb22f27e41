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
    data: { email: user.email, password: user.password, name: user.name, tenantName: user.tenantName, tenantSlug: user.tenantSlug },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** Creates an invitation as the signed-in owner of `context`; returns the token from its link. */
export async function inviteViaApi(context: BrowserContext, email: string, role: 'owner' | 'admin' | 'auditor'): Promise<string> {
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
  const res = await context.request.post(`${consoleUrl()}/api/v1/auth/signin`, { data: { email: user.email, password: user.password } });
  expect(res.status(), await res.text()).toBe(200);
}
