import { apiUrl, expect, test } from '../support/fixtures';
import { newUser, signUpViaApi } from '../support/platform';

async function listMembersWith(token: string): Promise<number> {
  const res = await fetch(`${apiUrl()}/api/v1/members`, { headers: { Authorization: `Bearer ${token}` } });
  return res.status;
}

test('an API token is shown once, works against the API, and stops working once revoked in the console', async ({
  page,
  context,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  await page.goto('/api-tokens');
  await expect(page.getByText('No API tokens yet')).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('CI pipeline');
  await page.getByLabel('Role', { exact: true }).selectOption('auditor');
  await page.getByLabel('Expires after').selectOption('30');
  await page.getByRole('button', { name: 'Create token' }).click();

  const panel = page.getByTestId('new-token-panel');
  await expect(panel).toContainText('It will not be shown again.');
  const token = (await page.getByTestId('new-token-value').textContent())!.trim();
  expect(token).toMatch(/^pcat_\S{20,}$/);

  const rows = page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /CI pipeline/ });
  await expect(rows).toHaveCount(1);
  const prefix = (await rows.locator('code').textContent())!.replace('…', '');
  expect(token.startsWith(prefix)).toBe(true);
  expect(prefix.length).toBeLessThan(token.length);

  // Shown once: after a reload only the prefix is left.
  await page.reload();
  await expect(
    page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /CI pipeline/ }),
  ).toContainText(prefix);
  await expect(page.getByTestId('new-token-panel')).toHaveCount(0);
  expect(await page.content()).not.toContain(token);

  expect(await listMembersWith(token)).toBe(200);

  const row = page.getByRole('table', { name: 'API tokens' }).getByRole('row', { name: /CI pipeline/ });
  await row.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke token' }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(row).toContainText('Revoked');
  await expect(row.getByRole('button', { name: 'Revoke' })).toHaveCount(0);

  expect(await listMembersWith(token)).toBe(401);
});
