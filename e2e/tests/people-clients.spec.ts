// People's MCP clients end to end: the official MCP SDK client, given the gateway URL alone,
// registers itself and sends a member through the real console sign-in and consent page in
// Chromium; it calls a granted tool, is refused another, refreshes, and is refused once the
// member revokes the consent under My connections. Admins see the clients and consents.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from '@playwright/test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { MemoryOAuthProvider } from '@portcullis/testkit';
import { apiUrl, expect, test } from '../support/fixtures';
import {
  acceptViaApi,
  apiWrite,
  exampleServerViaApi,
  inviteViaApi,
  newUser,
  signUpViaApi,
  type TestUser,
} from '../support/platform';

// Where the SDK client would receive the code: the browser's navigation there is intercepted.
const REDIRECT = 'http://127.0.0.1:47654/callback';
const SCREENS = path.join(__dirname, '../test-results/screens');
mkdirSync(SCREENS, { recursive: true });

const text = (r: unknown) => (r as { content: { type: string; text: string }[] }).content[0]?.text ?? '';

function sdkHost(name: string) {
  return new MemoryOAuthProvider(REDIRECT, {
    client_name: name,
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'none',
  });
}

/** A member (the role), with an account, not signed in anywhere yet. */
async function memberOf(
  owner: BrowserContext,
  browser: { newContext: () => Promise<BrowserContext> },
): Promise<{ user: TestUser; context: BrowserContext }> {
  const user = newUser('member');
  const token = await inviteViaApi(owner, user.email, 'member');
  const joining = await browser.newContext();
  await acceptViaApi(joining, token, user);
  await joining.close();
  return { user, context: await browser.newContext() };
}

/** Follows the SDK's authorization URL in the browser up to the consent page, signing in when asked. */
async function openConsent(page: Page, url: URL, user: TestUser) {
  await page.goto(url.href);
  // The consent page sends a visitor without a session to sign in (and back).
  const signIn = page.getByRole('heading', { name: 'Sign in' });
  await expect(page.getByTestId('consent').or(signIn)).toBeVisible();
  if (await signIn.isVisible()) {
    await expect(page).toHaveURL(/\/signin\?next=%2Fauthorize%3Frequest%3D/);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  const consent = page.getByTestId('consent');
  await expect(consent).toBeVisible();
  return consent;
}

/** Allows on the consent page; returns the code the browser was sent back to the client with. */
async function allow(page: Page): Promise<string> {
  const back = page.waitForRequest((r) => r.url().startsWith(REDIRECT));
  await page.route(`${REDIRECT}**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<p>Back in the MCP client.</p>' }),
  );
  await page.getByTestId('consent').getByRole('button', { name: 'Allow' }).click();
  const url = new URL((await back).url());
  expect(url.searchParams.get('iss')).toMatch(/\/t\//);
  await expect(page.getByText('Back in the MCP client.')).toBeVisible();
  return url.searchParams.get('code')!;
}

test('a member connects the MCP SDK client through sign-in and consent in the console, and revokes it', async ({
  page,
  context,
  browser,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await exampleServerViaApi(context, upstream.url);
  const grant = await apiWrite(context, 'PUT', `/api/v1/servers/${server.id}/member-grants`, {
    subject: { role: 'member' },
    tools: ['echo'],
  });
  expect(grant.status(), await grant.text()).toBe(200);
  const member = await memberOf(context, browser);
  const memberPage = await member.context.newPage();

  // The SDK knows the gateway URL only: it is challenged, discovers, registers and asks to open a browser.
  const provider = sdkHost('E2E Host');
  const gateway = new URL(server.gatewayUrl);
  const first = new StreamableHTTPClientTransport(gateway, { authProvider: provider });
  await expect(new Client({ name: 'e2e-host', version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  expect(provider.authorizationUrl!.href.startsWith(`${apiUrl()}/t/${owner.tenantSlug}/authorize?`)).toBe(
    true,
  );

  // The member: sent to sign in, back to the consent page, which names the client, where the
  // code goes, the server and what it would get.
  const consent = await openConsent(memberPage, provider.authorizationUrl!, member.user);
  await expect(memberPage).toHaveURL(/\/authorize\?request=/);
  await expect(consent).toContainText('E2E Host wants to use Example as you');
  await expect(consent).toContainText(`Signed in as ${member.user.email}`);
  await expect(consent).toContainText('Unverified');
  await expect(consent).toContainText('Sends you back to 127.0.0.1:47654');
  await expect(memberPage.getByRole('list', { name: 'Tools' })).toHaveText('echo');
  await memberPage.screenshot({ path: path.join(SCREENS, 'consent.png'), fullPage: true });
  await first.finishAuth(await allow(memberPage));
  await first.close();

  const client = new Client({ name: 'e2e-host', version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(gateway, { authProvider: provider });
  await client.connect(transport);
  expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['echo']);
  expect(text(await client.callTool({ name: 'echo', arguments: { text: 'hello from a person' } }))).toContain(
    'hello from a person',
  );
  await expect(client.callTool({ name: 'add', arguments: { a: 1, b: 2 } })).rejects.toThrow(/not permitted/);

  // The access token stops working: the SDK refreshes (a rotated refresh token) and carries on.
  const before = provider.tokens()!;
  const revoked = await fetch(`${apiUrl()}/t/${owner.tenantSlug}/revoke`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      token: before.access_token,
      client_id: provider.clientInformation()!.client_id,
    }).toString(),
  });
  expect(revoked.status).toBe(200);
  expect(text(await client.callTool({ name: 'echo', arguments: { text: 'refreshed' } }))).toContain(
    'refreshed',
  );
  expect(provider.tokens()!.refresh_token).not.toBe(before.refresh_token);

  // My connections: the member revokes it; the client's next call is refused.
  await memberPage.goto('/connections');
  const row = memberPage.getByRole('row', { name: /E2E Host/ });
  await expect(row).toContainText('Example');
  await expect(row).toContainText('mcp:tools:echo');
  await memberPage.screenshot({ path: path.join(SCREENS, 'my-connections.png'), fullPage: true });
  await row.getByRole('button', { name: 'Revoke E2E Host on example' }).click();
  await memberPage.getByRole('dialog').getByRole('button', { name: 'Revoke access' }).click();
  await expect(memberPage.getByText('No connections')).toBeVisible();
  await expect(client.callTool({ name: 'echo', arguments: { text: 'after' } })).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  await transport.close();
  await member.context.close();

  // The owner sees the call in the trail, naming the person and the client.
  await page.goto('/audit');
  await expect(page.getByText(member.user.email).first()).toBeVisible();
});

test('admins grant members a server, see the MCP clients and consents, approve a client and revoke a consent', async ({
  page,
  context,
  browser,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await exampleServerViaApi(context, upstream.url);

  // People's access on the server page: every member may call echo.
  await page.goto(`/servers/${server.id}`);
  const row = page.getByRole('row', { name: 'Grant on every member' });
  await row.getByRole('checkbox', { name: 'echo on every member' }).check();
  await row.getByRole('button', { name: 'Save grant on every member' }).click();
  await expect(row).toContainText('Granted');
  await page.getByRole('heading', { name: "People's access" }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENS, 'people-access.png'), fullPage: true });

  // Approval mode, set in the console.
  await page.goto('/clients');
  await page.getByLabel('New MCP clients').selectOption('approval');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();

  // A client registers (pending), and a member connects another one (after approval).
  const member = await memberOf(context, browser);
  const provider = sdkHost('Approved Host');
  const transport = new StreamableHTTPClientTransport(new URL(server.gatewayUrl), { authProvider: provider });
  await expect(new Client({ name: 'host', version: '1' }).connect(transport)).rejects.toBeInstanceOf(
    UnauthorizedError,
  );
  await page.reload();
  const client = page.getByRole('row', { name: /Approved Host/ });
  await expect(client).toContainText('Pending');
  await client.getByRole('button', { name: 'Approve Approved Host' }).click();
  await expect(client).toContainText('Active');
  await client.getByRole('button', { name: 'Verify Approved Host' }).click();
  await expect(client).toContainText('Verified');

  const memberPage = await member.context.newPage();
  await expect(await openConsent(memberPage, provider.authorizationUrl!, member.user)).toContainText(
    'Verified by your administrators',
  );
  await transport.finishAuth(await allow(memberPage));
  await transport.close();

  await page.reload();
  const consent = page
    .getByRole('table', { name: 'Consents' })
    .getByRole('row', { name: new RegExp(member.user.email) });
  await expect(consent).toContainText('Approved Host');
  await page.screenshot({ path: path.join(SCREENS, 'clients.png'), fullPage: true });
  await consent.getByRole('button', { name: 'Revoke Approved Host on example' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke access' }).click();
  await expect(page.getByRole('table', { name: 'Consents' })).toHaveCount(0);
  await member.context.close();
});
