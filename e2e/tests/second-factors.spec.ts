// Second factors through the console: an authenticator app (codes computed here, as the app
// would) and a passkey with Chromium's virtual authenticator (the DevTools WebAuthn domain).
import * as OTPAuth from 'otpauth';
import type { Page } from '@playwright/test';
import { expect, test } from '../support/fixtures';
import { newUser, signUpViaApi, type TestUser } from '../support/platform';

const codeAt = (secret: string, steps = 0) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30 }).generate({
    timestamp: Date.now() + steps * 30_000,
  });

async function passwordStep(page: Page, user: TestUser) {
  await page.goto('/signin');
  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Second factor' })).toBeVisible();
}

test('a person turns on an authenticator app, keeps the recovery codes, and signs in with a code', async ({
  page,
  context,
}) => {
  const user = newUser('totp');
  await signUpViaApi(context, user);
  await page.goto('/security');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = (await page.getByTestId('totp-secret').textContent())!.trim();
  await page.screenshot({ path: test.info().outputPath('totp-setup.png'), fullPage: true });
  await page.getByLabel('Code from your app').fill(codeAt(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await expect(page.getByTestId('recovery-codes').getByRole('listitem')).toHaveCount(10);
  await page.screenshot({ path: test.info().outputPath('recovery-codes.png'), fullPage: true });
  await page.getByRole('button', { name: 'I saved them' }).click();
  await expect(page.getByTestId('recovery-codes-left')).toHaveText('10');

  await context.clearCookies();
  await passwordStep(page, user);
  await page.screenshot({ path: test.info().outputPath('second-factor-step.png') });
  await page.getByLabel('Code from your authenticator app').fill(codeAt(secret, 10));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByTestId('problem-banner')).toContainText('not right');
  // The step after the one that turned the app on.
  await page.getByLabel('Code from your authenticator app').fill(codeAt(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();
});

test('a person adds a passkey and signs in with it; without it the second step fails', async ({
  page,
  context,
}) => {
  const user = newUser('passkey');
  await signUpViaApi(context, user);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });

  await page.goto('/security');
  await page.getByLabel('Passkey name').fill('Virtual key');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await expect(page.getByRole('list', { name: 'Your passkeys' })).toContainText('Virtual key');
  expect((await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials).toHaveLength(1);
  await page.screenshot({ path: test.info().outputPath('passkeys.png'), fullPage: true });

  await context.clearCookies();
  await passwordStep(page, user);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();

  // The authenticator loses the credential: the passkey step cannot succeed any more.
  await cdp.send('WebAuthn.clearCredentials', { authenticatorId });
  await context.clearCookies();
  await passwordStep(page, user);
  await page.getByRole('button', { name: 'Use a passkey' }).click();
  await expect(page.getByTestId('problem-banner')).toBeVisible();
  await expect(page).toHaveURL(/\/signin/);
});
