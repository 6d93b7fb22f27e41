// A long trail in the console: verifying it runs as a job whose progress the toolbar shows (and
// which can be cancelled); the NDJSON export shows how many of its events have arrived.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb } from '@portcullis/db';
import { databaseUrl, expect, test } from '../support/fixtures';
import { newUser, signUpViaApi } from '../support/platform';

/** More than the API answers inline (JOB_INLINE_MAX_EVENTS, 20,000): a job with pages to show. */
const EVENTS = 120_000;

interface AuditData {
  cast(): unknown;
  generator(tenantId: string, cast: unknown, n: number, start: number, seed: number): (i: number) => unknown;
  seed(
    db: unknown,
    tenantId: string,
    n: number,
    gen: (i: number) => unknown,
    progress: (n: number) => void,
  ): Promise<void>;
}

/** The benchmarks' synthetic trail (a busy tenant's mix), appended through the worker's append path. */
async function seedTrail(tenantId: string): Promise<void> {
  const data = (await import(
    pathToFileURL(path.resolve(__dirname, '../../bench/lib/audit-data.mjs')).href
  )) as AuditData;
  const db = await createDb(databaseUrl());
  try {
    await data.seed(
      db,
      tenantId,
      EVENTS,
      data.generator(tenantId, data.cast(), EVENTS, Date.now() - 40 * 86_400_000, 18),
      () => undefined,
    );
  } finally {
    await db.$disconnect();
  }
}

test('verification and export of a long trail show their progress, and each can be cancelled', async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const owner = newUser('owner');
  await signUpViaApi(context, owner);
  const session = (await (await context.request.get('/api/v1/auth/session')).json()) as {
    tenant: { id: string };
  };
  await seedTrail(session.tenant.id);

  await page.goto('/audit');
  const verify = page.getByRole('button', { name: 'Verify chain' });
  const notice = page.getByTestId('checkpoint-notice');

  // Verification: a job; the bar moves, then the verdict replaces it.
  await verify.click();
  const progress = page.getByTestId('verify-progress');
  await expect(progress).toContainText(/^[1-9][\d,]* of 12\d,\d{3} events/, { timeout: 60_000 });
  await expect(progress.getByRole('progressbar')).toHaveAttribute('aria-valuenow', /^\d+$/);
  await page.screenshot({ path: 'test-results/long-work-verify-progress.png' });
  await expect(page.getByTestId('verify-verdict')).toContainText(/Chain verified: 12\d{4} events/, {
    timeout: 120_000,
  });
  await expect(progress).toHaveCount(0);

  // Again, cancelled once under way.
  await verify.click();
  await expect(progress).toContainText(/^[1-9][\d,]* of /, { timeout: 60_000 });
  await page.getByRole('button', { name: 'Cancel verification' }).click();
  await expect(notice).toContainText('Verification cancelled.', { timeout: 60_000 });
  await expect(verify).toBeVisible();

  // The export: lines counted as they arrive against the count the API announced; cancelled.
  await page.getByRole('button', { name: 'Export NDJSON' }).click();
  const exporting = page.getByTestId('export-progress');
  await expect(exporting).toContainText(/^[1-9][\d,]* of 12\d,\d{3} events/, { timeout: 60_000 });
  await page.screenshot({ path: 'test-results/long-work-export-progress.png' });
  await page.getByRole('button', { name: 'Cancel export' }).click();
  await expect(notice).toContainText('Export cancelled.');
  await expect(page.getByRole('button', { name: 'Export NDJSON' })).toBeVisible();
});
