import { createHmac } from 'node:crypto';
import { expect, test } from '../support/fixtures';
import { createAgentViaApi, newUser, signUpViaApi } from '../support/platform';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

let receiver: WebhookReceiver | undefined;
test.afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

/** `t=<seconds>,v1=<hex HMAC-SHA-256 of "t.body">`, as documented on the sink form. */
function signatureValid(header: string, body: string, secret: string): boolean {
  const parts = Object.fromEntries(header.split(',').map((p) => p.split('=') as [string, string]));
  return parts.v1 === createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
}

test('a webhook sink added in the console receives signed events; a dead letter is re-driven', async ({
  page,
  context,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  receiver = await startWebhookReceiver();

  await page.goto('/audit/sinks');
  await expect(page.getByText('No sinks')).toBeVisible();
  await page.getByRole('button', { name: 'Add sink' }).click();
  const form = page.getByRole('form', { name: 'Add a sink' });
  await form.getByLabel('Name').fill('SIEM');
  await form.getByLabel('URL').fill(receiver.url);
  await form.getByLabel('Only these actions').check();
  // gateway.call comes preselected; add agent.created.
  await expect(form.getByRole('checkbox', { name: 'gateway.call' })).toBeChecked();
  await form
    .locator('label')
    .filter({ has: page.getByRole('checkbox', { name: 'agent.created' }) })
    .click();
  await expect(form.getByRole('checkbox', { name: 'agent.created' })).toBeChecked();
  await form.getByRole('button', { name: 'Add sink' }).click();
  const secret = (await page.getByTestId('sink-secret-value').textContent())!.trim();
  expect(secret).toMatch(/^whsec_/);
  const sink = page.getByTestId('sink').filter({ hasText: 'SIEM' });
  await expect(sink).toContainText('2 actions: gateway.call, agent.created');

  // An admin change it subscribes to arrives signed; one it does not is not sent.
  await createAgentViaApi(context, 'Watched');
  await expect.poll(() => receiver!.received.length, { timeout: 15_000 }).toBe(1);
  const [first] = receiver.received;
  expect(signatureValid(String(first!.headers['portcullis-signature']), first!.body, secret)).toBe(true);
  const payload = JSON.parse(first!.body) as { events: { action: string; target?: { label?: string } }[] };
  expect(payload.events.map((e) => e.action)).toEqual(['agent.created']);
  expect(payload.events[0]!.target?.label).toBe('Watched');
  const deliveries = page.getByRole('table', { name: 'Deliveries of SIEM' });
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return deliveries.getByTestId('delivery-row').filter({ hasText: 'delivered' }).count();
    })
    .toBe(1);

  // The receiver goes down: after its attempts the delivery is a dead letter, with the error.
  receiver.failing = true;
  await createAgentViaApi(context, 'Missed');
  await page.getByRole('radio', { name: 'Dead letters' }).click();
  await expect
    .poll(
      async () => {
        await page.getByRole('button', { name: 'Refresh' }).click();
        return deliveries.getByTestId('delivery-row').count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  const dead = deliveries.getByTestId('delivery-row');
  await expect(dead).toContainText('dead');
  await expect(dead).toContainText('500');

  // Back up: re-drive sends it.
  receiver.failing = false;
  await dead.getByRole('button', { name: 'Re-drive' }).click();
  await expect.poll(() => receiver!.received.length, { timeout: 15_000 }).toBe(2);
  expect(JSON.parse(receiver.received[1]!.body).events[0].target.label).toBe('Missed');
  await page.getByRole('radio', { name: 'All' }).click();
  await expect
    .poll(async () => {
      await page.getByRole('button', { name: 'Refresh' }).click();
      return deliveries.getByTestId('delivery-row').filter({ hasText: 'delivered' }).count();
    })
    .toBe(2);
});
