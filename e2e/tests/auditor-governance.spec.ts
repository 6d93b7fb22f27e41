import { expect, test } from '../support/fixtures';
import {
  acceptViaApi,
  apiWrite,
  createAgentViaApi,
  exampleServerViaApi,
  inviteViaApi,
  newUser,
  registerServerViaApi,
  signUpViaApi,
  waitForToolsViaApi,
} from '../support/platform';

test('an auditor sees servers, tools, agents and signing keys but has no control to change them, and the API refuses', async ({
  context,
  browser,
  upstream,
}) => {
  const owner = newUser('owner');
  const auditor = newUser('auditor');
  await signUpViaApi(context, owner);
  const server = await registerServerViaApi(context, {
    name: 'Example',
    slug: 'example',
    upstreamUrl: upstream.url,
  });
  const [tool] = await waitForToolsViaApi(context, server.id);
  const agent = await createAgentViaApi(context, 'Reporting bot');
  expect(
    (
      await apiWrite(context, 'PUT', `/api/v1/agents/${agent.id}/grants/${server.id}`, { tools: '*' })
    ).status(),
  ).toBe(200);
  expect((await apiWrite(context, 'POST', `/api/v1/agents/${agent.id}/secrets`, {})).status()).toBe(201);

  const auditorContext = await browser.newContext();
  await acceptViaApi(auditorContext, await inviteViaApi(context, auditor.email, 'auditor'), auditor);
  const page = await auditorContext.newPage();

  await page.goto('/servers');
  await expect(page.getByTestId('read-only-notice')).toBeVisible();
  const row = page.getByRole('table', { name: 'MCP servers' }).getByRole('row', { name: /Example/ });
  await expect(row).toBeVisible();
  await expect(page.getByRole('button', { name: 'Register server' })).toHaveCount(0);
  for (const name of ['Edit', 'Disable', 'Delete'])
    await expect(page.getByRole('button', { name })).toHaveCount(0);

  await row.getByRole('link', { name: 'Example' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Example' })).toBeVisible();
  await expect(page.getByTestId('read-only-notice')).toBeVisible();
  await expect(page.getByTestId('quarantine').getByTestId('tool-review').first()).toBeVisible();
  await expect(page.getByRole('table', { name: 'Tools' }).getByTestId('tool-row').first()).toBeVisible();
  for (const name of ['Sync now', 'Approve', 'Reject', 'Edit', 'Disable', 'Delete']) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  await expect(page.getByRole('switch')).toHaveCount(0);
  await expect(page.getByRole('heading', { name: 'Recent calls' })).toBeVisible();

  await page.getByRole('link', { name: 'Agents' }).click();
  await expect(page.getByTestId('read-only-notice')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create agent' })).toHaveCount(0);
  await page.getByRole('link', { name: 'Reporting bot' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reporting bot' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Client secrets' }).getByTestId('secret-row')).toHaveCount(1);
  for (const name of [
    'Disable',
    'Delete',
    'Save changes',
    'New secret',
    'Rotate',
    'Set expiry',
    'Revoke',
    'Add key',
    'Create API key',
  ]) {
    await expect(page.getByRole('button', { name, exact: true })).toHaveCount(0);
  }
  const grant = page.getByRole('row', { name: 'Grant on example' });
  // Read-only, "all tools" is said in words (tool-picker.tsx), with no switch to turn.
  await expect(grant.getByText('All tools, including future ones')).toBeVisible();
  await expect(grant.getByRole('switch')).toHaveCount(0);
  await expect(grant.getByRole('combobox', { name: 'Resources on example' })).toBeDisabled();
  await expect(grant.getByRole('button')).toHaveCount(0);
  await expect(page.getByLabel('Name', { exact: true })).toBeDisabled();

  await page.getByRole('link', { name: 'Settings' }).click();
  await expect(page.getByRole('table', { name: 'Signing keys' }).getByTestId('signing-key-row')).toHaveCount(
    1,
  );
  await expect(page.getByRole('button', { name: 'Rotate now' })).toHaveCount(0);

  // The API is the authority: the same writes, sent directly, are refused.
  const writes: [Parameters<typeof apiWrite>[1], string, unknown][] = [
    ['POST', '/api/v1/servers', { name: 'Sneaky', slug: 'sneaky', upstreamUrl: upstream.url }],
    ['PATCH', `/api/v1/servers/${server.id}`, { status: 'disabled' }],
    ['POST', `/api/v1/servers/${server.id}/tools/${tool!.id}/approve`, { fingerprint: tool!.fingerprint }],
    ['PATCH', `/api/v1/agents/${agent.id}`, { status: 'disabled' }],
    ['POST', `/api/v1/agents/${agent.id}/secrets`, {}],
    ['PUT', `/api/v1/agents/${agent.id}/grants/${server.id}`, { tools: [] }],
    ['POST', '/api/v1/signing-keys/rotate', {}],
    ['DELETE', `/api/v1/servers/${server.id}`, undefined],
  ];
  for (const [method, path, body] of writes) {
    const res = await apiWrite(auditorContext, method, path, body);
    expect(res.status(), `${method} ${path}`).toBe(403);
  }
  await auditorContext.close();
});

test('an auditor reads the audit trail and verifies it, reads policies and simulates, but changes nothing', async ({
  context,
  browser,
  upstream,
}) => {
  const owner = newUser('owner');
  const auditor = newUser('auditor');
  await signUpViaApi(context, owner);
  await exampleServerViaApi(context, upstream.url);
  await createAgentViaApi(context, 'Reporting bot');
  const created = await apiWrite(context, 'POST', '/api/v1/policies', {
    name: 'Ten a minute',
    kind: 'rate_limit',
    config: { limit: 10, windowSec: 60, burst: 10, per: 'agent' },
  });
  expect(created.status(), await created.text()).toBe(201);
  const policy = (await created.json()) as { id: string };

  const auditorContext = await browser.newContext();
  await acceptViaApi(auditorContext, await inviteViaApi(context, auditor.email, 'auditor'), auditor);
  const page = await auditorContext.newPage();

  await page.goto('/audit');
  await expect(
    page
      .getByRole('table', { name: 'Audit events' })
      .getByTestId('audit-row')
      .filter({ hasText: 'policy.created' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign checkpoint' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('verify-verdict')).toContainText('Chain verified');

  await page.goto('/policies');
  await expect(page.getByTestId('read-only-notice')).toBeVisible();
  await expect(page.getByTestId('policy-row')).toContainText('Ten a minute');
  await expect(page.getByRole('link', { name: 'New policy' })).toHaveCount(0);
  await expect(page.getByRole('switch')).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Delete/ })).toHaveCount(0);
  await page.getByRole('link', { name: 'Ten a minute' }).click();
  const form = page.getByRole('form', { name: 'Edit Ten a minute' });
  await expect(form.getByLabel('Requests allowed')).toBeDisabled();
  await expect(form.getByRole('button', { name: 'Save changes' })).toHaveCount(0);

  await page.goto('/policies/simulate');
  await page.getByRole('form', { name: 'Simulate a call' }).getByRole('button', { name: 'Simulate' }).click();
  await expect(page.getByTestId('simulation-verdict')).toContainText('Allowed');

  for (const [method, path, body] of [
    ['POST', '/api/v1/policies', { name: 'x', kind: 'ip', config: { deny: ['10.0.0.0/8'] } }],
    ['PATCH', `/api/v1/policies/${policy.id}`, { enabled: false }],
    ['DELETE', `/api/v1/policies/${policy.id}`, undefined],
    ['POST', '/api/v1/audit/checkpoints', {}],
  ] as const) {
    const res = await apiWrite(auditorContext, method, path, body);
    expect(res.status(), `${method} ${path}`).toBe(403);
  }
  await auditorContext.close();
});
