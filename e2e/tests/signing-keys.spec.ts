import { apiUrl, expect, test } from '../support/fixtures';
import { newUser, signUpViaApi } from '../support/platform';

test('an owner rotates the signing key now: a next key is published beside the active one', async ({
  page,
  context,
}) => {
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  await page.goto('/settings');

  const keys = page.getByRole('table', { name: 'Signing keys' });
  await expect(keys.getByTestId('signing-key-row')).toHaveCount(1);
  await expect(keys.getByTestId('signing-key-row')).toContainText('Active');
  const issuer = `${apiUrl()}/t/${owner.tenantSlug}`;
  await expect(page.getByTestId('issuer')).toHaveText(issuer);
  await expect(page.getByTestId('jwks-uri')).toHaveText(`${issuer}/jwks.json`);
  const activeKid = (await keys.getByTestId('signing-key-row').locator('code').textContent())!;

  await page.getByRole('button', { name: 'Rotate now' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rotate the signing key now?' });
  await dialog.getByLabel('Algorithm of the new key').selectOption('EdDSA');
  await dialog.getByRole('button', { name: 'Rotate now' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('rotation-result')).toContainText('Rotation started');

  await expect(keys.getByTestId('signing-key-row')).toHaveCount(2);
  const next = keys.getByRole('row', { name: /Next/ });
  await expect(next).toContainText('EdDSA');
  await expect(next).toContainText('Published, not signing yet');
  await expect(next.locator('code')).not.toHaveText(activeKid);
  await expect(keys.getByRole('row', { name: new RegExp(activeKid) })).toContainText('Active');

  // The new key is in the JWKS already, before it signs anything.
  const jwks = (await (await fetch(`${issuer}/jwks.json`)).json()) as { keys: { kid: string }[] };
  expect(jwks.keys.map((k) => k.kid)).toContain((await next.locator('code').textContent())!);
});
