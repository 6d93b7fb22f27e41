// The console under attack: its headers, its post-sign-in redirect, and the browser address it
// forwards to the API (issue 17's findings, from a browser's side).
import http from 'node:http';
import { expect, test } from '../support/fixtures';
import { newUser, signUpViaApi } from '../support/platform';

test('pages carry a nonce-based Content-Security-Policy and refuse to be framed', async ({ page }) => {
  const response = await page.goto('/signin');
  const csp = response!.headers()['content-security-policy']!;
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(response!.headers()['x-frame-options']).toBe('DENY');
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
  // Next put the nonce on its scripts (browsers hide it from the DOM: read the served HTML), so
  // the page still runs under the policy: the form works.
  expect(await response!.text()).toContain(`nonce="${nonce}"`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByTestId('problem-banner')).toBeVisible();
});

for (const next of [
  '/%09/evil.example',
  '//evil.example',
  '/%5Cevil.example',
  '/%0a/evil.example',
  'https://evil.example/',
]) {
  test(`after sign-in, next=${next} stays on the console`, async ({ page, context, baseURL }) => {
    const user = newUser('redirect');
    await signUpViaApi(context, user);
    await context.clearCookies();
    await page.goto(`/signin?next=${next}`);
    await page.getByLabel('E-mail').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: user.tenantName })).toBeVisible();
    expect(new URL(page.url()).origin).toBe(baseURL);
  });
}

/** A sign-in attempt from another loopback address, with headers a browser could forge. */
function signInFrom(localAddress: string, consoleUrl: string, email: string): Promise<number> {
  const body = JSON.stringify({ email, password: 'not the password at all' });
  return new Promise((resolve, reject) => {
    const req = http.request(`${consoleUrl}/api/v1/auth/signin`, {
      method: 'POST',
      localAddress,
      family: 4,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        'x-forwarded-for': '198.51.100.1',
        'x-portcullis-client-address': '198.51.100.2',
        'x-portcullis-proxy-secret': 'guessed',
      },
    });
    req.on('response', (res) => (res.resume(), resolve(res.statusCode!)));
    req.on('error', reject);
    req.end(body);
  });
}

test("the API records the browser's own address, not the console's nor a forged one", async ({
  context,
  baseURL,
}) => {
  const user = newUser('addressed');
  await signUpViaApi(context, user);
  expect(await signInFrom('127.0.0.5', baseURL!, user.email)).toBe(401);
  await expect(async () => {
    const res = await context.request.get(`${baseURL}/api/v1/audit/events?action=session.sign_in_failed`);
    const items = (await res.json()).items as { ip: string }[];
    expect(items.map((e) => e.ip)).toEqual(['127.0.0.5']);
  }).toPass();
});
