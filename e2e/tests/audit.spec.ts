import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { databaseUrl, expect, test } from '../support/fixtures';
import { callingAgentViaApi, mintToken, openSession } from '../support/gateway';
import {
  createAgentViaApi,
  exampleServerViaApi,
  newUser,
  signUpViaApi,
  waitForAuditEventsViaApi,
} from '../support/platform';

const AUDIT_CLI = path.resolve(__dirname, '../../packages/audit-core/dist/cli.js');

test('a call made through the gateway shows in the audit explorer, on the dashboard and on the server page; the export verifies', async ({
  page,
  context,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await exampleServerViaApi(context, upstream.url);
  const agent = await callingAgentViaApi(context, 'Audit bot', server.id);
  const mcp = await openSession(
    server.gatewayUrl,
    await mintToken(owner.tenantSlug, agent, server.gatewayUrl),
  );
  const echo = await mcp.callTool('echo', { text: 'hello audit' });
  expect(echo.status).toBe(200);
  expect(JSON.stringify(echo.body?.result)).toContain('hello audit');
  await waitForAuditEventsViaApi(context, 'action=gateway.call&tool=echo');

  // The explorer, filtered through the form.
  await page.goto('/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Audit trail' })).toBeVisible();
  await expect(page.getByTestId('audit-row').first()).toBeVisible();
  await page.getByLabel('Action').selectOption('gateway.call');
  await page.getByLabel('Tool').fill('echo');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/\/audit\?action=gateway\.call&tool=echo$/);
  const rows = page.getByRole('table', { name: 'Audit events' }).getByTestId('audit-row');
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Audit bot');
  await expect(rows.first()).toContainText('gateway.call');
  await expect(rows.first()).toContainText('success');

  // Its detail: everything, with the details JSON and the hash chain.
  await rows.first().click();
  const drawer = page.getByRole('dialog');
  await expect(drawer).toContainText('Event #');
  await expect(drawer.getByTestId('event-details-json')).toContainText('"tool": "echo"');
  await expect(drawer.getByTestId('event-details-json')).toContainText('"latencyMs"');
  await expect(drawer.getByTestId('event-hash')).toHaveText(/^[0-9a-f]{64}$/);
  await drawer.getByRole('button', { name: 'Close' }).click();
  await expect(drawer).toHaveCount(0);

  // Live tail: a new call appears on top without reloading.
  await page.getByRole('switch', { name: 'Live tail' }).click();
  await mcp.callTool('echo', { text: 'second' });
  await expect(rows).toHaveCount(2, { timeout: 15_000 });

  // The dashboard counts it and links back into the explorer.
  await page.goto('/');
  await expect(page.getByTestId('stat-gateway-calls-value')).not.toHaveText('0');
  expect(Number(await page.getByTestId('stat-gateway-calls-value').textContent())).toBeGreaterThanOrEqual(1);
  await expect(page.getByTestId('stat-tokens-issued-value')).toHaveText('1');
  await expect(page.getByTestId('activity-chart').locator('svg.recharts-surface').first()).toBeVisible();
  await page.getByRole('list', { name: 'Top tools' }).getByRole('link', { name: /echo/ }).click();
  await expect(page).toHaveURL(/\/audit\?range=24h&action=gateway\.call&tool=echo$/);
  await expect(page.getByLabel('Time range')).toHaveValue('24h');
  await expect(rows).toHaveCount(2);

  // The server's recent calls: the agent, the tool, the outcome, a link to the event.
  await page.goto(`/servers/${server.id}`);
  const calls = page.getByRole('table', { name: 'Recent calls' });
  const call = calls.getByTestId('call-row').filter({ hasText: 'echo' }).first();
  await expect(call).toContainText('Audit bot');
  await expect(call).toContainText('tools/call');
  await expect(call).toContainText('success');
  await call.getByRole('link').first().click();
  await expect(page).toHaveURL(/\/audit\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: /^Event #\d+$/ })).toBeVisible();
  await expect(page.getByTestId('event-details-json')).toContainText('"tool": "echo"');

  // Export NDJSON (verifiable offline), then verify the stored chain.
  await page.goto('/audit');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export NDJSON' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^audit-.*\.ndjson$/);
  const file = await download.path();
  const lines = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines.length).toBeGreaterThan(3);
  expect(JSON.stringify(lines)).toContain('gateway.call');
  expect(
    execFileSync(process.execPath, [AUDIT_CLI, 'verify', file], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  ).toMatch(/^OK: \d+ events verified/);

  await page.getByRole('button', { name: 'Sign checkpoint' }).click();
  await expect(page.getByTestId('checkpoint-notice')).toContainText('Checkpoint signed');
  await page.getByRole('button', { name: 'Verify chain' }).click();
  const verdict = page.getByTestId('verify-verdict');
  await expect(verdict).toContainText(/Chain verified: \d+ events, 1 checkpoint/);
});

test('an event altered in the database breaks the chain at its sequence number', async ({
  page,
  context,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  await createAgentViaApi(context, 'First');
  await createAgentViaApi(context, 'Second');
  await waitForAuditEventsViaApi(context, 'limit=10', 3);
  const session = (await (await context.request.get('/api/v1/auth/session')).json()) as {
    tenant: { id: string };
  };

  await page.goto('/audit');
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('verify-verdict')).toContainText('Chain verified');

  // The application cannot do this (triggers refuse it); a superuser can, and is caught.
  const db = new Client({ connectionString: databaseUrl() });
  await db.connect();
  try {
    await db.query('BEGIN');
    await db.query('SET LOCAL session_replication_role = replica');
    const r = await db.query(
      `UPDATE "AuditEvent" SET reason = 'tampered' WHERE "tenantId" = $1 AND seq = 2`,
      [session.tenant.id],
    );
    expect(r.rowCount).toBe(1);
    await db.query('COMMIT');
  } finally {
    await db.end();
  }

  await page.getByRole('button', { name: 'Verify chain' }).click();
  const verdict = page.getByTestId('verify-verdict');
  await expect(verdict).toContainText('Broken at seq 2: modified');
  await expect(verdict).toHaveAttribute('role', 'alert');

  // The tampered event is still there to look at.
  await page.goto('/audit?q=tampered');
  await expect(
    page.getByRole('table', { name: 'Audit events' }).getByTestId('audit-row').filter({ hasText: '#2' }),
  ).toBeVisible();
});
