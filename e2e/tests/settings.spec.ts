import { expect, test } from '../support/fixtures';
import { newUser, signInViaApi, signUpViaApi } from '../support/platform';

test('revoking another session in settings signs that browser out at its next request', async ({
  page,
  context,
  browser,
}) => {
  const user = newUser('traveller');
  await signUpViaApi(context, user);
  const laptop = await browser.newContext();
  await signInViaApi(laptop, user);
  const laptopPage = await laptop.newPage();
  await laptopPage.goto('/members');
  await expect(laptopPage.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();

  await page.goto('/settings');
  const sessions = page.getByRole('table', { name: 'Your sessions' });
  await expect(sessions.getByRole('row')).toHaveCount(3); // header + two sessions
  await expect(sessions.getByRole('row', { name: /This browser/ })).toHaveCount(1);
  await sessions.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke session' }).click();
  await expect(sessions.getByRole('row')).toHaveCount(2);

  // The other browser navigates inside the console: its next API call is refused, and it lands on sign-in.
  await laptopPage.getByRole('link', { name: 'API tokens' }).click();
  await expect(laptopPage).toHaveURL(/\/signin\?next=%2Fapi-tokens$/);
  await laptop.close();

  // This browser is still signed in.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
});

test('an owner renames the tenant and sets its time zone', async ({ page, context }) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  await page.goto('/settings');
  const save = page.getByRole('button', { name: 'Save changes' });
  await expect(save).toBeDisabled();

  await page.getByLabel('Name', { exact: true }).fill(`${owner.tenantName} renamed`);
  await page.getByLabel('Time zone').selectOption('Europe/Paris');
  await save.click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await expect(page.getByTestId('tenant-switcher')).toContainText(`${owner.tenantName} renamed`);

  await page.reload();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(`${owner.tenantName} renamed`);
  await expect(page.getByLabel('Time zone')).toHaveValue('Europe/Paris');
});
