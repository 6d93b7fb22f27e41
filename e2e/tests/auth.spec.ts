import { expect, test } from '../support/fixtures';
import { newUser, signUpViaApi } from '../support/platform';

test('a visitor signs up and lands on the dashboard of their new tenant as its owner', async ({ page }) => {
  const user = newUser('owner');
  await page.goto('/signup');
  await page.getByLabel('Your name').fill(user.name);
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByLabel('Tenant name').fill(user.tenantName);
  // The slug is suggested from the tenant name.
  await expect(page.getByLabel('Tenant slug')).toHaveValue(user.tenantSlug);
  await page.getByRole('button', { name: 'Create account' }).click();

  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();
  await expect(page.getByTestId('current-role')).toHaveText('Owner');
  await expect(page.getByTestId('tenant-switcher')).toContainText(user.tenantName);
  await expect(page.getByTestId('user-menu')).toContainText(user.email);
});

test('sign-up shows the API field errors under their fields', async ({ page, context }) => {
  const taken = newUser('taken');
  await signUpViaApi(context, taken);
  await context.clearCookies();

  await page.goto('/signup');
  await page.getByLabel('Your name').fill('Someone');
  await page.getByLabel('E-mail').fill(taken.email);
  await page.getByLabel('Password').fill('short');
  await page.getByLabel('Tenant name').fill('Another tenant');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('Password')).toHaveAccessibleDescription(/at least 12 characters/);
  await expect(page.getByTestId('problem-banner')).toBeVisible();

  await page.getByLabel('Password').fill('a much longer passphrase 42');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByLabel('E-mail')).toHaveAccessibleDescription('Already registered.');
  await expect(page.getByTestId('problem-banner')).toContainText('already exists');
  await expect(page).toHaveURL(/\/signup$/);
});

test('a user signs out, is kept out, and signs back in after a wrong password', async ({ page, context }) => {
  const user = newUser('returning');
  await signUpViaApi(context, user);
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin$/);
  expect((await context.cookies()).some((c) => c.name === 'pc_session')).toBe(false);

  // Signed out: the console sends you back to sign in, remembering where you were going.
  await page.goto('/members');
  await expect(page).toHaveURL(/\/signin\?next=%2Fmembers$/);

  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill('not the right password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('problem-banner')).toHaveText('The e-mail address or password is incorrect.');
  await expect(page).toHaveURL(/\/signin/);

  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/members$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Members' })).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(user.email) })).toBeVisible();
});
