import { expect, test } from '../support/fixtures';
import { inviteViaApi, newUser, signUpViaApi } from '../support/platform';

test('a user creates a second tenant and switches between tenants', async ({ page, context }) => {
  const user = newUser('multi');
  await signUpViaApi(context, user);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();

  await page.getByTestId('tenant-switcher').click();
  await page.getByRole('menuitem', { name: '+ Create tenant' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create a tenant' });
  await dialog.getByLabel('Tenant name').fill(`Second ${user.tenantSlug}`);
  await expect(dialog.getByLabel('Slug')).toHaveValue(`second-${user.tenantSlug}`);
  await dialog.getByRole('button', { name: 'Create tenant' }).click();

  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('heading', { level: 1, name: `Second ${user.tenantSlug}` })).toBeVisible();
  await expect(page.getByTestId('tenant-switcher')).toContainText(`Second ${user.tenantSlug}`);

  await page.getByTestId('tenant-switcher').click();
  await expect(page.getByRole('menuitemradio')).toHaveCount(2);
  await page.getByRole('menuitemradio', { name: new RegExp(user.tenantName) }).click();
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();

  // The switch is server-side: a fresh load stays in the chosen tenant.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();
});

test('someone who already has an account signs in from the invitation, accepts it and gets the new tenant', async ({
  page,
  context,
  browser,
}) => {
  const owner = newUser('owner');
  const existing = newUser('existing');
  await signUpViaApi(context, owner);
  const token = await inviteViaApi(context, existing.email, 'auditor');

  const theirs = await browser.newContext();
  await signUpViaApi(theirs, existing);
  await theirs.clearCookies();
  const theirPage = await theirs.newPage();
  await theirPage.goto(`/invite#${token}`);
  await expect(theirPage.getByRole('heading', { name: `Join ${owner.tenantName}` })).toBeVisible();
  await expect(theirPage.getByText('Sign in first')).toBeVisible();
  await theirPage.getByRole('button', { name: 'Sign in to accept' }).click();

  await expect(theirPage).toHaveURL(/\/signin\?next=\/invite$/);
  await theirPage.getByLabel('E-mail').fill(existing.email);
  await theirPage.getByLabel('Password').fill(existing.password);
  await theirPage.getByRole('button', { name: 'Sign in' }).click();

  await expect(theirPage).toHaveURL(/\/invite$/);
  await theirPage.getByRole('button', { name: 'Accept invitation' }).click();
  await expect(theirPage).toHaveURL(/\/$/);
  await expect(theirPage.getByRole('heading', { level: 1, name: owner.tenantName })).toBeVisible();
  await expect(theirPage.getByTestId('current-role')).toHaveText('Auditor');
  await theirPage.getByTestId('tenant-switcher').click();
  await expect(theirPage.getByRole('menuitemradio')).toHaveCount(2);
  await theirs.close();

  await page.goto('/members');
  await expect(
    page.getByRole('table', { name: 'Members' }).getByRole('row', { name: new RegExp(existing.email) }),
  ).toBeVisible();
});
