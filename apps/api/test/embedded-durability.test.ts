// The embedded database keeps what it acknowledged: a process appending to a tenant's chain is
// killed (SIGKILL) or stopped (SIGTERM, closing the database as the app's shutdown does) while
// appends are in flight; the next open recovers, holds every event whose commit was reported,
// and the chain verifies. The process waits on commits it has printed, never on time.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, migrateDeploy } from '@portcullis/db';
import { verifyStoredChain } from '../src/audit-trail/chain-verification';
import { inlineControl } from '../src/jobs/job-control';

const dist = path.resolve(__dirname, '../dist');
const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-durability-'));
const dataDir = path.join(dir, 'pglite');
const script = path.join(dir, 'appender.cjs');

// Appends batches of 50 calls to the "durable" tenant's chain for as long as it lives, printing
// the head after each commit; on SIGTERM it lets the append in flight finish, closes the
// database ($disconnect, as the app's shutdown does) and says so.
writeFileSync(
  script,
  `
const { createDb } = require(${JSON.stringify(require.resolve('@portcullis/db'))});
const { appendEvents } = require(${JSON.stringify(path.join(dist, 'audit/audit.store.js'))});
const { toInput } = require(${JSON.stringify(path.join(dist, 'audit/audit.service.js'))});
(async () => {
  const db = await createDb(undefined);
  let stopping = false;
  process.on('SIGTERM', () => { stopping = true; });
  const tenant = await db.tenant.upsert({ where: { slug: 'durable' }, update: {}, create: { slug: 'durable', name: 'Durable' } });
  while (!stopping) {
    const batch = Array.from({ length: 50 }, () => toInput({ tenantId: tenant.id, actor: { type: 'system', id: 'durability' }, action: 'gateway.call', outcome: 'success', details: {} }));
    const events = await db.$transaction((tx) => appendEvents(tx, tenant.id, batch), { timeout: 60000 });
    console.log('committed ' + events[events.length - 1].seq);
  }
  await db.$disconnect();
  console.log('closed');
})().catch((e) => { console.error(e); process.exit(1); });
`,
);

/** Runs the appender until it reported `commits` commits, then sends `signal`; the last head it reported, and how it ended. */
async function appendUntil(commits: number, signal: 'SIGKILL' | 'SIGTERM') {
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, PGLITE_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  let lastSeq = 0;
  let seen = 0;
  let closed = false;
  for await (const line of createInterface({ input: child.stdout })) {
    if (line === 'closed') closed = true;
    const m = /^committed (\d+)$/.exec(line);
    if (!m) continue;
    lastSeq = Number(m[1]);
    if (++seen === commits) child.kill(signal);
  }
  return { lastSeq, closed, ...(await exited) };
}

/** Opens the database again (in this process): every reported event is there and the chain verifies. */
async function expectRecovered(lastSeq: number): Promise<number> {
  const db = await createDb(undefined);
  try {
    const tenant = await db.tenant.findUniqueOrThrow({ where: { slug: 'durable' } });
    const head = await db.auditHead.findUniqueOrThrow({ where: { tenantId: tenant.id } });
    expect(Number(head.seq)).toBeGreaterThanOrEqual(lastSeq);
    expect(await db.auditEvent.count({ where: { tenantId: tenant.id } })).toBe(Number(head.seq));
    const verdict = await verifyStoredChain(
      db,
      { tenantId: tenant.id, checkpoints: [], jwks: { keys: [] }, upTo: head.seq },
      inlineControl(),
    );
    expect(verdict).toMatchObject({ ok: true, verifiedCount: Number(head.seq) });
    return Number(head.seq);
  } finally {
    await db.$disconnect();
  }
}

beforeAll(() => {
  process.env.PGLITE_DIR = dataDir;
  migrateDeploy(undefined);
}, 300_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the embedded database across stops', () => {
  it('recovers after SIGKILL in the middle of appends: nothing reported is lost and the chain verifies', async () => {
    const run = await appendUntil(20, 'SIGKILL');
    expect(run.signal).toBe('SIGKILL');
    expect(run.lastSeq).toBeGreaterThanOrEqual(20 * 50);
    await expectRecovered(run.lastSeq);
  }, 300_000);

  it('closes cleanly on SIGTERM with appends in flight, and goes on where it stopped', async () => {
    const run = await appendUntil(20, 'SIGTERM');
    expect(run).toMatchObject({ code: 0, closed: true });
    const head = await expectRecovered(run.lastSeq);
    // And once more after a kill: the chain keeps growing from the recovered head.
    const again = await appendUntil(5, 'SIGKILL');
    expect(again.lastSeq).toBeGreaterThan(head);
    await expectRecovered(again.lastSeq);
  }, 300_000);
});
