import { expect, test } from '../support/fixtures';
import { acceptViaApi, inviteViaApi, newUser, signUpViaApi } from '../support/platform';

test('an owner invites a new member, who opens the link, creates an account and joins as that role', async ({
  page,
  context,
  browser,
}) => {
  const owner = newUser('owner');
  const invitee = newUser('invitee');
  await signUpViaApi(context, owner);

  await page.goto('/members');
  await page.getByLabel('E-mail').fill(invitee.email);
  await page.getByLabel('Role', { exact: true }).selectOption('admin');
  await page.getByLabel('Link expires in').selectOption('168');
  await page.getByRole('button', { name: 'Create invitation' }).click();

  const link = await page.getByTestId('invitation-link').textContent();
  expect(link).toMatch(/\/invite#.{10,}$/);
  await expect(
    page
      .getByRole('table', { name: 'Pending invitations' })
      .getByRole('row', { name: new RegExp(invitee.email) }),
  ).toBeVisible();

  // The invitee, in a browser of their own.
  const inviteeContext = await browser.newContext();
  const inviteePage = await inviteeContext.newPage();
  await inviteePage.goto(link!);
  await expect(inviteePage.getByRole('heading', { name: `Join ${owner.tenantName}` })).toBeVisible();
  await expect(inviteePage.getByText(invitee.email)).toBeVisible();
  await inviteePage.getByLabel('Your name').fill(invitee.name);
  await inviteePage.getByLabel('Password').fill(invitee.password);
  await inviteePage.getByRole('button', { name: 'Create account and join' }).click();

  await expect(inviteePage).toHaveURL(/\/$/);
  await expect(inviteePage.getByRole('heading', { level: 1, name: owner.tenantName })).toBeVisible();
  await expect(inviteePage.getByTestId('current-role')).toHaveText('Admin');
  await inviteeContext.close();

  // Back with the owner: the invitation turned into a membership.
  await page.reload();
  const row = page
    .getByRole('table', { name: 'Members' })
    .getByRole('row', { name: new RegExp(invitee.email) });
  await expect(row).toBeVisible();
  await expect(row.getByRole('combobox')).toHaveValue('admin');
  await expect(page.getByText('No pending invitations')).toBeVisible();
});

test('an auditor sees the members but no control to change them', async ({ context, browser }) => {
  const owner = newUser('owner');
  const auditor = newUser('auditor');
  await signUpViaApi(context, owner);
  const token = await inviteViaApi(context, auditor.email, 'auditor');

  const auditorContext = await browser.newContext();
  await acceptViaApi(auditorContext, token, auditor);
  const page = await auditorContext.newPage();
  await page.goto('/members');

  const members = page.getByRole('table', { name: 'Members' });
  await expect(members.getByRole('row', { name: new RegExp(owner.email) })).toBeVisible();
  await expect(members.getByRole('row', { name: new RegExp(auditor.email) })).toContainText('Auditor');
  await expect(page.getByTestId('read-only-notice')).toContainText('only owners can invite people');
  await expect(page.getByRole('button', { name: 'Create invitation' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Remove' })).toHaveCount(0);
  await expect(members.getByRole('combobox')).toHaveCount(0);

  await page.getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByTestId('read-only-notice')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Create token' })).toHaveCount(0);
  await auditorContext.close();
});

test('an owner changes a member role, removes the member and revokes a pending invitation', async ({
  page,
  context,
  browser,
}) => {
  const owner = newUser('owner');
  const member = newUser('member');
  const pending = newUser('pending');
  await signUpViaApi(context, owner);
  const memberContext = await browser.newContext();
  await acceptViaApi(memberContext, await inviteViaApi(context, member.email, 'auditor'), member);
  await inviteViaApi(context, pending.email, 'admin');

  await page.goto('/members');
  const members = page.getByRole('table', { name: 'Members' });
  const row = members.getByRole('row', { name: new RegExp(member.email) });
  const patched = page.waitForResponse(
    (r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/members/'),
  );
  await row.getByRole('combobox', { name: `Role of ${member.email}` }).selectOption('admin');
  expect((await patched).status()).toBe(200);
  await page.reload();
  await expect(row.getByRole('combobox')).toHaveValue('admin');

  // The member's own session sees the new role at once.
  const memberPage = await memberContext.newPage();
  await memberPage.goto('/');
  await expect(memberPage.getByTestId('current-role')).toHaveText('Admin');

  await row.getByRole('button', { name: 'Remove' }).click();
  const confirm = page.getByRole('dialog', { name: `Remove ${member.name}?` });
  await confirm.getByRole('button', { name: 'Remove member' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(row).toHaveCount(0);
  await expect(members.getByRole('row', { name: new RegExp(owner.email) })).toBeVisible();

  const invitation = page
    .getByRole('table', { name: 'Pending invitations' })
    .getByRole('row', { name: new RegExp(pending.email) });
  await invitation.getByRole('button', { name: 'Revoke' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke invitation' }).click();
  await expect(page.getByText('No pending invitations')).toBeVisible();
  await memberContext.close();
});
