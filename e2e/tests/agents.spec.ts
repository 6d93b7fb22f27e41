import { generateKeyPairSync } from 'node:crypto';
import { apiUrl, expect, test } from '../support/fixtures';
import { newUser, registerServerViaApi, signUpViaApi, waitForToolsViaApi } from '../support/platform';

async function requestToken(issuer: string, clientId: string, secret: string, resource: string) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource }).toString(),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

test('an agent created in the console gets a secret, shown once, and trades it for a token for its granted server', async ({
  page,
  context,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await registerServerViaApi(context, {
    name: 'Example',
    slug: 'example',
    upstreamUrl: upstream.url,
  });
  await waitForToolsViaApi(context, server.id);

  await page.goto('/agents');
  await expect(page.getByText('No agents yet')).toBeVisible();
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Support assistant');
  await page.getByLabel('Token lifetime (seconds)').fill('600');
  await page.getByRole('button', { name: 'Create agent' }).click();
  await expect(page).toHaveURL(/\/agents\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Support assistant' })).toBeVisible();
  const clientId = (await page.getByTestId('client-id').textContent())!;
  expect(clientId).toMatch(/^agt_/);

  // Grant the server, all tools.
  const grant = page.getByRole('row', { name: 'Grant on example' });
  await expect(grant).toContainText('No access');
  await expect(grant.getByRole('checkbox', { name: 'echo on example' })).toBeVisible();
  await grant.getByRole('switch', { name: 'All tools on example' }).click();
  await grant.getByRole('button', { name: 'Save grant on example' }).click();
  await expect(grant).toContainText('Granted');
  await expect(grant.getByRole('switch', { name: 'All tools on example' })).toHaveAttribute(
    'aria-checked',
    'true',
  );

  // A secret, shown once.
  await page.getByRole('button', { name: 'New secret' }).click();
  await page
    .getByRole('dialog', { name: 'New client secret' })
    .getByRole('button', { name: 'Create secret' })
    .click();
  const panel = page.getByTestId('new-secret');
  await expect(panel).toContainText('It will not be shown again.');
  await expect(panel).toContainText(clientId);
  const secret = (await page.getByTestId('new-secret-value').textContent())!.trim();
  expect(secret.length).toBeGreaterThan(30);
  const secrets = page.getByRole('table', { name: 'Client secrets' });
  await expect(secrets.getByTestId('secret-row')).toHaveCount(1);
  const prefix = (await secrets.getByTestId('secret-row').locator('code').textContent())!.replace('…', '');
  expect(secret.startsWith(prefix)).toBe(true);

  // The connect panel names the same issuer and resource the test uses.
  const issuer = `${apiUrl()}/t/${owner.tenantSlug}`;
  await expect(page.getByTestId('issuer-url')).toHaveText(issuer);
  await expect(page.getByTestId('snippet-curl')).toContainText(`resource=${server.gatewayUrl}`);
  await page.getByRole('tab', { name: 'TypeScript (MCP SDK)' }).click();
  await expect(page.getByTestId('snippet-typescript')).toContainText(`clientId: '${clientId}'`);

  const first = await requestToken(issuer, clientId, secret, server.gatewayUrl);
  expect(first.status, JSON.stringify(first.body)).toBe(200);
  expect(first.body.token_type).toBe('Bearer');
  expect(first.body.expires_in).toBe(600);
  expect(String(first.body.access_token)).toMatch(/^ey[\w-]+\.[\w-]+\.[\w-]+$/);

  // Rotation with no overlap: the new secret works, the old one stops.
  await page.getByTestId('new-secret').getByRole('button', { name: 'I have stored it' }).click();
  await page.getByRole('button', { name: 'Rotate' }).click();
  const rotate = page.getByRole('dialog', { name: 'Rotate the client secret' });
  await expect(rotate.getByLabel('Overlap (hours)')).toHaveValue('24');
  await rotate.getByLabel('Overlap (hours)').fill('0');
  await rotate.getByRole('button', { name: 'Rotate secret' }).click();
  const rotated = (await page.getByTestId('new-secret-value').textContent())!.trim();
  expect(rotated).not.toBe(secret);
  await expect(secrets.getByTestId('secret-row')).toHaveCount(2);
  await expect(secrets.getByRole('row', { name: new RegExp(prefix) })).toContainText('Expired');

  expect((await requestToken(issuer, clientId, rotated, server.gatewayUrl)).status).toBe(200);
  await expect
    .poll(async () => (await requestToken(issuer, clientId, secret, server.gatewayUrl)).status, {
      timeout: 5000,
    })
    .toBe(401);
});

test('a grant of some tools is saved per server, and an API key is scoped within it', async ({
  page,
  context,
  upstream,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const server = await registerServerViaApi(context, {
    name: 'Example',
    slug: 'example',
    upstreamUrl: upstream.url,
  });
  await waitForToolsViaApi(context, server.id);

  await page.goto('/agents');
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Calculator');
  await page.getByRole('button', { name: 'Create agent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Calculator' })).toBeVisible();
  await expect(page.getByText('Grant the agent a server first: a key is scoped')).toBeVisible();

  const grant = page.getByRole('row', { name: 'Grant on example' });
  await grant.getByRole('checkbox', { name: 'add on example' }).check();
  await grant.getByRole('checkbox', { name: 'echo on example' }).check();
  await grant.getByRole('combobox', { name: 'Resources on example' }).selectOption('some');
  await grant
    .getByRole('textbox', { name: 'Resources on example: list' })
    .fill('readme://example\nfile:///docs/*');
  await grant.getByRole('combobox', { name: 'Prompts on example' }).selectOption('all');
  await expect(grant).toContainText('Unsaved');
  await grant.getByRole('button', { name: 'Save grant on example' }).click();
  await expect(grant).toContainText('Granted');

  await page.reload();
  await expect(grant.getByRole('checkbox', { name: 'add on example' })).toBeChecked();
  await expect(grant.getByRole('checkbox', { name: 'echo on example' })).toBeChecked();
  await expect(grant.getByRole('checkbox', { name: 'whoami on example' })).not.toBeChecked();
  await expect(grant.getByRole('combobox', { name: 'Resources on example' })).toHaveValue('some');
  await expect(grant.getByRole('textbox', { name: 'Resources on example: list' })).toHaveValue(
    'readme://example\nfile:///docs/*',
  );
  await expect(grant.getByRole('combobox', { name: 'Prompts on example' })).toHaveValue('all');

  // An API key for echo only: the picker offers only the granted tools.
  await page.getByLabel('Key name').fill('Local development');
  await expect(page.getByRole('checkbox', { name: 'whoami on key scope example' })).toHaveCount(0);
  await page.getByRole('checkbox', { name: 'add on key scope example' }).uncheck();
  await page.getByRole('button', { name: 'Create API key' }).click();
  const key = (await page.getByTestId('new-api-key-value').textContent())!.trim();
  const keys = page.getByRole('table', { name: 'Agent API keys' });
  const row = keys.getByRole('row', { name: /Local development/ });
  await expect(row).toContainText('example: echo');
  const prefix = (await row.locator('code').textContent())!.replace('…', '');
  expect(key.startsWith(prefix)).toBe(true);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke API key' }).click();
  await expect(row).toContainText('Revoked');

  // Emptying the row removes the grant.
  await grant.getByRole('checkbox', { name: 'add on example' }).uncheck();
  await grant.getByRole('checkbox', { name: 'echo on example' }).uncheck();
  await grant.getByRole('combobox', { name: 'Resources on example' }).selectOption('none');
  await grant.getByRole('combobox', { name: 'Prompts on example' }).selectOption('none');
  await grant.getByRole('button', { name: 'Remove access to example' }).click();
  await expect(grant).toContainText('No access');
});

test('a public key for private_key_jwt is registered from a pasted JWK and revoked', async ({
  page,
  context,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  await page.goto('/agents');
  await page.getByRole('button', { name: 'Create agent' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Signer');
  await page.getByLabel('Private key JWT').check();
  await page.getByRole('button', { name: 'Create agent' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Signer' })).toBeVisible();

  const field = page.getByLabel('Public key (JWK or JWKS)');
  await field.fill('{ not json');
  await page.getByRole('button', { name: 'Add key' }).click();
  await expect(page.getByText('This is not valid JSON.')).toBeVisible();

  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  await field.fill(JSON.stringify({ ...privateKey.export({ format: 'jwk' }), kid: 'leaked' }));
  await page.getByRole('button', { name: 'Add key' }).click();
  await expect(page.getByText(/public key only/)).toBeVisible();

  await field.fill(
    JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'signer-2026', alg: 'ES256' }] }),
  );
  await page.getByRole('button', { name: 'Add key' }).click();
  const keys = page.getByRole('table', { name: 'Public keys' });
  const row = keys.getByRole('row', { name: /signer-2026/ });
  await expect(row).toContainText('EC · ES256');
  await expect(field).toHaveValue('');
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page
    .getByRole('dialog', { name: 'Revoke key signer-2026?' })
    .getByRole('button', { name: 'Revoke key' })
    .click();
  await expect(page.getByText('No public keys')).toBeVisible();
});
