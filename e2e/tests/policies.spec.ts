import { expect, test } from '../support/fixtures';
import { callingAgentViaApi, mintToken, openSession } from '../support/gateway';
import { exampleServerViaApi, newUser, signUpViaApi, waitForAuditEventsViaApi } from '../support/platform';

test('a rate limit created in the console trips on the third call, explains itself in the audit trail, and can be switched off', async ({
  page,
  context,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await exampleServerViaApi(context, upstream.url);
  const agent = await callingAgentViaApi(context, 'Chatty bot', server.id);

  await page.goto('/policies');
  await expect(page.getByText('No policies yet')).toBeVisible();
  await page.getByRole('link', { name: 'New policy' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New policy' })).toBeVisible();
  const form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Name', { exact: true }).fill('Two a minute');
  await expect(form.getByRole('radio', { name: /Rate limit/ })).toHaveAttribute('aria-checked', 'true');
  await form.getByLabel('Agent', { exact: true }).selectOption({ label: 'Chatty bot' });

  // Inline validation by the server, under the field, as it is typed.
  const limit = form.getByLabel('Requests allowed');
  await limit.fill('0');
  await expect(limit).toHaveAccessibleDescription('must be at least 1');
  await expect(limit).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('policy-validity')).toContainText(/\d problems?/);
  await expect(page.getByTestId('policy-preview').getByRole('list', { name: 'Problems' })).toContainText(
    'Requests allowed: must be at least 1',
  );
  await limit.fill('2');
  await form.getByLabel('Per window (seconds)').fill('60');
  await expect(limit).not.toHaveAttribute('aria-invalid');
  await expect(page.getByTestId('policy-validity')).toHaveText('Valid');
  await expect(page.getByTestId('policy-description-preview')).toContainText(
    'At most 2 requests per 60 s per agent or person (burst 2)',
  );
  await expect(page.getByTestId('policy-description-preview')).toContainText('agent');
  await form.getByRole('button', { name: 'Create policy' }).click();

  await expect(page).toHaveURL(/\/policies$/);
  const group = page.getByRole('table', { name: 'Rate limit policies' });
  const row = group.getByTestId('policy-row').filter({ hasText: 'Two a minute' });
  await expect(row).toContainText('At most 2 requests per 60 s per agent');
  await expect(row).toContainText('Agent Chatty bot');
  await expect(row).toContainText('Enforce');
  await expect(row.getByRole('switch', { name: 'Enable Two a minute' })).toHaveAttribute(
    'aria-checked',
    'true',
  );

  // The test's calls: two go through, the third is refused with 429 and Retry-After.
  const mcp = await openSession(
    server.gatewayUrl,
    await mintToken(owner.tenantSlug, agent, server.gatewayUrl),
  );
  expect((await mcp.callTool('echo', { text: '1' })).status).toBe(200);
  expect((await mcp.callTool('echo', { text: '2' })).status).toBe(200);
  const third = await mcp.callTool('echo', { text: '3' });
  expect(third.status).toBe(429);
  expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(third.body?.error?.message).toContain('Two a minute');

  // The refusal in the audit trail, with the policy decision explained.
  await waitForAuditEventsViaApi(context, 'action=gateway.call&outcome=denied');
  await page.goto('/audit?action=gateway.call&outcome=denied');
  const denied = page.getByRole('table', { name: 'Audit events' }).getByTestId('audit-row');
  await expect(denied).toHaveCount(1);
  await expect(denied).toContainText('Two a minute');
  await denied.click();
  const decision = page.getByRole('dialog').getByTestId('policy-decision');
  await expect(decision).toContainText('deny');
  const entry = decision.getByTestId('decision-entry').filter({ hasText: 'Two a minute' });
  await expect(entry).toContainText('enforce');
  await expect(entry).toContainText('Rate limit');
  await page.keyboard.press('Escape');

  // Switched off in the list: calls go through again.
  await page.goto('/policies');
  await page.getByRole('switch', { name: 'Enable Two a minute' }).click();
  await expect(page.getByRole('switch', { name: 'Enable Two a minute' })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  await expect(page.getByTestId('policy-row')).toContainText('(disabled)');
  await expect
    .poll(async () => (await mcp.callTool('echo', { text: 'again' })).status, { timeout: 5000 })
    .toBe(200);
});

test('the simulator explains a decision, a guardrail draft shows the detector at its JSON path, and a draft is back-tested on recorded calls', async ({
  page,
  context,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await exampleServerViaApi(context, upstream.url);
  const agent = await callingAgentViaApi(context, 'Batch bot', server.id);
  const mcp = await openSession(
    server.gatewayUrl,
    await mintToken(owner.tenantSlug, agent, server.gatewayUrl),
  );
  for (let i = 0; i < 4; i++) expect((await mcp.callTool('echo', { text: `call ${i}` })).status).toBe(200);
  await waitForAuditEventsViaApi(context, 'action=gateway.call&tool=echo', 4);

  // A stored policy, off, for the simulator to include as a draft.
  await page.goto('/policies/new');
  let form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Name', { exact: true }).fill('Weekend freeze');
  await form.getByRole('radio', { name: /Time window/ }).click();
  for (const day of ['Mon', 'Tue', 'Wed', 'Thu', 'Fri']) await form.getByText(day, { exact: true }).click();
  await form.getByText('Sat', { exact: true }).click();
  await form.getByLabel('From', { exact: true }).fill('00:00');
  await form.getByLabel('Until', { exact: true }).fill('00:30');
  await form.getByLabel('On', { exact: true }).uncheck();
  await expect(page.getByTestId('policy-description-preview')).toContainText('Allows calls Sat 00:00-00:30');
  await form.getByRole('button', { name: 'Create policy' }).click();
  await expect(page.getByRole('table', { name: 'Time window policies' })).toContainText('Weekend freeze');

  // The simulator: current policies (none on), then with the draft added.
  await page.getByRole('link', { name: 'Simulator' }).click();
  await expect(page).toHaveURL(/\/policies\/simulate$/);
  let sim = page.getByRole('form', { name: 'Simulate a call' });
  await expect(sim.getByLabel('Agent')).toHaveValue(agent.id);
  await sim.getByLabel('Tool').selectOption('echo');
  await sim.getByLabel('Arguments (JSON)').fill('{ "text": "hello" }');
  await sim.getByRole('button', { name: 'Simulate' }).click();
  await expect(page.getByTestId('simulation-verdict')).toContainText('Allowed');
  await page.getByLabel('Add a policy as a draft').selectOption({ label: 'Weekend freeze (off)' });
  await sim.getByLabel('Tool').selectOption('echo');
  await sim.getByLabel('Time', { exact: true }).fill('2026-03-04T12:00'); // a Wednesday, noon
  await sim.getByRole('button', { name: 'Simulate' }).click();
  await expect(page.getByTestId('simulation-verdict')).toContainText('Refused');
  await expect(page.getByTestId('simulation-verdict')).toContainText('403');
  const entry = page.getByTestId('decision-entry').filter({ hasText: 'Weekend freeze' });
  await expect(entry).toContainText('Time window');
  await expect(entry).toContainText('enforce');
  await expect(entry).toContainText('deny');

  // A guardrail draft, tried from its form before saving: the detector and where it fired.
  await page.goto('/policies/new');
  form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Name', { exact: true }).fill('No cards');
  await form.getByRole('radio', { name: /Content guardrail/ }).click();
  await form.getByLabel('Scan').selectOption('request');
  await form.getByLabel('Payment card numbers action').selectOption('redact');
  await form.getByLabel('Secrets and keys action').selectOption('');
  await expect(page.getByTestId('policy-description-preview')).toContainText('redacts payment card numbers');
  await page.getByRole('tab', { name: 'Simulate a call' }).click();
  sim = page.getByRole('form', { name: 'Simulate a call' });
  await sim.getByLabel('Tool').selectOption('echo');
  await sim.getByLabel('Arguments (JSON)').fill('{ "text": "pay with 4111 1111 1111 1111 please" }');
  await sim.getByRole('button', { name: 'Simulate' }).click();
  await expect(page.getByTestId('simulation-verdict')).toContainText('Allowed');
  const finding = page.getByTestId('decision-entry').filter({ hasText: 'No cards' }).getByTestId('finding');
  await expect(finding).toContainText('card');
  await expect(finding).toContainText('$.text');
  await expect(page.getByTestId('redacted-payload')).toContainText('[REDACTED:card]');

  // A rate-limit draft back-tested on the four recorded calls: the ones past the first would be refused.
  await page.goto('/policies/new');
  form = page.getByRole('form', { name: 'New policy' });
  await form.getByLabel('Name', { exact: true }).fill('One a minute');
  await form.getByLabel('Requests allowed').fill('1');
  await form.getByLabel('Per window (seconds)').fill('60');
  await page.getByRole('tab', { name: 'Back-test' }).click();
  await page.getByLabel('Period').selectOption('24h');
  await page.getByRole('button', { name: 'Run back-test' }).click();
  const result = page.getByTestId('backtest-result');
  await expect(result).toBeVisible();
  expect(Number(await page.getByTestId('backtest-evaluated').textContent())).toBeGreaterThanOrEqual(4);
  expect(Number(await page.getByTestId('backtest-deny').textContent())).toBeGreaterThanOrEqual(3);
  const sample = result.getByTestId('backtest-sample').first();
  await expect(sample).toContainText('Batch bot');
  await expect(sample).toContainText('deny');
  await sample.getByRole('link').click();
  await expect(page).toHaveURL(/\/audit\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('audit-event-detail')).toContainText('gateway.call');
});
