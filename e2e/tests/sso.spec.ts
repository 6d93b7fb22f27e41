// Single sign-on through the console against a real OpenID provider (oidc-provider) started
// here: configured in the console's settings, first sign-in creates the member with the role
// its groups map to, a disallowed domain is refused, and "SSO required" closes the password
// form to members while owners keep it.
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { startIdp, type Idp } from '../support/oidc-idp';
import { acceptViaApi, inviteViaApi, newUser, signUpViaApi } from '../support/platform';

let idp: Idp;
test.beforeAll(async () => {
  idp = await startIdp(`${process.env.E2E_CONSOLE_URL}/api/v1/auth/sso/callback`, {
    'ada@acme.test': {
      email: 'ada@acme.test',
      email_verified: true,
      name: 'Ada Admin',
      groups: ['platform-admins', 'staff'],
    },
    'sam@acme.test': { email: 'sam@acme.test', email_verified: true, name: 'Sam Staff', groups: ['staff'] },
    'eve@evil.test': {
      email: 'eve@evil.test',
      email_verified: true,
      name: 'Eve',
      groups: ['platform-admins'],
    },
  });
});
test.afterAll(() => idp.close());

/** Through the provider's development login and consent pages. */
async function signInAtIdp(page: Page, account: string) {
  await page.locator('input[name="login"]').fill(account);
  await page.locator('input[name="password"]').fill('any');
  await page.getByRole('button', { name: /sign-in/i }).click();
  const consent = page.getByRole('button', { name: /continue/i });
  if (await consent.isVisible().catch(() => false)) await consent.click();
}

async function ssoFromSignIn(page: Page, tenantSlug: string, account: string) {
  await page.goto('/signin');
  await page.getByRole('button', { name: 'Use single sign-on' }).click();
  await page.getByLabel('Organisation').fill(tenantSlug);
  await page.getByRole('button', { name: 'Continue with single sign-on' }).click();
  await expect(page.locator('input[name="login"]')).toBeVisible();
  await signInAtIdp(page, account);
}

test('an owner sets up single sign-on; people join just in time with their mapped role, other domains are refused', async ({
  page,
  context,
  browser,
}) => {
  const owner = newUser('ssoowner');
  await signUpViaApi(context, owner);
  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Single sign-on settings' });
  await expect(form.getByText('/api/v1/auth/sso/callback')).toBeVisible();
  await form.getByLabel('Issuer URL').fill(idp.issuer);
  await form.getByLabel('Client ID').fill(idp.clientId);
  await form.getByLabel('Client secret').fill(idp.clientSecret);
  await form.getByLabel('Allowed e-mail domains').fill('acme.test');
  await form.getByLabel('Groups to roles').fill('platform-admins = admin');
  await form.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect(form.getByLabel('Client secret')).toHaveAccessibleDescription(/Stored\. Leave empty/);
  await page.screenshot({ path: test.info().outputPath('sso-settings.png'), fullPage: true });

  // Ada, in the admins' group, arrives as an admin; Sam as the default auditor.
  const ada = await (await browser.newContext()).newPage();
  await ssoFromSignIn(ada, owner.tenantSlug, 'ada@acme.test');
  await expect(ada.getByTestId('current-role')).toHaveText('Admin');
  await expect(ada.getByTestId('user-menu')).toContainText('ada@acme.test');
  const sam = await (await browser.newContext()).newPage();
  await ssoFromSignIn(sam, owner.tenantSlug, 'sam@acme.test');
  await expect(sam.getByTestId('current-role')).toHaveText('Auditor');

  const eve = await (await browser.newContext()).newPage();
  await ssoFromSignIn(eve, owner.tenantSlug, 'eve@evil.test');
  await expect(eve).toHaveURL(/\/signin\?sso_error=/);
  await expect(eve.getByTestId('sso-error')).toContainText('evil.test may not sign in');
  await eve.screenshot({ path: test.info().outputPath('sso-refused.png') });

  await page.goto('/members');
  await expect(page.getByRole('row', { name: /ada@acme\.test/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /eve@evil\.test/ })).toHaveCount(0);
});

test('"SSO required" turns the password form away for members; owners keep it', async ({
  page,
  context,
  browser,
}) => {
  const owner = newUser('ssoreq');
  await signUpViaApi(context, owner);
  const member = newUser('member');
  member.email = `member-${owner.tenantSlug}@acme.test`;
  const token = await inviteViaApi(context, member.email, 'admin');
  const memberContext = await browser.newContext();
  await acceptViaApi(memberContext, token, member);
  await memberContext.close();

  await page.goto('/settings');
  const form = page.getByRole('form', { name: 'Single sign-on settings' });
  await form.getByLabel('Issuer URL').fill(idp.issuer);
  await form.getByLabel('Client ID').fill(idp.clientId);
  await form.getByLabel('Client secret').fill(idp.clientSecret);
  await form.getByLabel('Allowed e-mail domains').fill('acme.test');
  await form.getByLabel('Require single sign-on').check();
  await form.getByRole('button', { name: 'Save single sign-on' }).click();
  await expect(form.getByLabel('Client secret')).toHaveAccessibleDescription(/Stored\. Leave empty/);

  const m = await (await browser.newContext()).newPage();
  await m.goto('/signin');
  await m.getByLabel('E-mail').fill(member.email);
  await m.getByLabel('Password').fill(member.password);
  await m.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(m.getByTestId('problem-banner')).toContainText('single sign-on');
  await expect(m.getByRole('form', { name: 'Single sign-on' })).toBeVisible();
  await expect(m).toHaveURL(/\/signin/);
  await m.screenshot({ path: test.info().outputPath('sso-required.png') });

  // The owner's break-glass: the password still works for them.
  const o = await (await browser.newContext()).newPage();
  await o.goto('/signin');
  await o.getByLabel('E-mail').fill(owner.email);
  await o.getByLabel('Password').fill(owner.password);
  await o.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(o.getByRole('heading', { level: 1, name: owner.tenantName })).toBeVisible();
});
