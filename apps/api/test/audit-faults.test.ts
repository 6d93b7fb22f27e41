// A worker killed with SIGKILL in the middle of appending audit batches (one committed, the next
// written inside a transaction that never commits): after another worker takes over, every event
// is present exactly once and the chain verifies. Deterministic: the first worker says when it
// holds the open transaction, the standby (booted meanwhile) starts only after the kill, the
// workers use short lock and stall intervals, and every wait is on progress
// (test/support/audit-fault-worker.mjs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import { AuditService } from '../src/audit/audit.service';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';

let app: TestApp;
const workers: ChildProcess[] = [];

beforeAll(async () => {
  // This node only hands events off; separate worker processes append them.
  app = await startTestApp({ RUN_WORKER: 'false' });
});
afterAll(async () => {
  for (const w of workers) w.kill('SIGKILL');
  await app?.close();
});

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const worker = fork(path.resolve(__dirname, 'support/audit-fault-worker.mjs'), [], {
    env: {
      ...process.env,
      DATABASE_URL: app.databaseUrl,
      REDIS_URL: app.config.REDIS_URL,
      REDIS_PREFIX: app.config.REDIS_PREFIX,
      SECRET_PEPPER: app.config.SECRET_PEPPER,
      MASTER_KEY: app.config.MASTER_KEY,
      AUDIT_SPOOL_DIR: mkdtempSync(path.join(os.tmpdir(), 'audit-spool-')),
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  workers.push(worker);
  return worker;
}

/** Resolves when `worker` sends `message`; fails if it exits first. */
function said(worker: ChildProcess, message: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === message && resolve());
    worker.once('exit', (code) => reject(new Error(`a worker exited (${code}) before saying ${message}`)));
  });
}

describe('audit worker faults', () => {
  it('loses and duplicates nothing when a worker is killed mid-batch', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const calls = { tenantId: owner.tenantId, action: 'gateway.call' };
    const audit = app.app.get(AuditService);
    const total = 1500; // three batches: one committed, one in the open transaction, one waiting
    for (let i = 0; i < total; i++) {
      audit.emit({
        tenantId: owner.tenantId,
        actor: { type: 'agent', id: 'agt_fault' },
        action: 'gateway.call',
        outcome: 'success',
        details: { n: i },
      });
    }
    await audit.flush();
    const first = startWorker({ FAULT_HOLD: '1' });
    const standby = startWorker({ FAULT_STANDBY: '1' });
    await Promise.all([said(first, 'holding'), said(standby, 'ready')]);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    // One batch committed; the one in the open transaction rolled back with the connection.
    const partial = await app.db.auditEvent.count({ where: calls });
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(total);
    standby.send('go');
    // The dead worker's job is taken over once its (short) lock expires.
    await waitUntil(
      'every event appended',
      async () => (await app.db.auditEvent.count({ where: calls })) === total,
      120_000,
    );
    const rows = await app.db.auditEvent.findMany({ where: calls, select: { details: true } });
    expect(new Set(rows.map((r) => (r.details as { n: number }).n)).size).toBe(total);
    const verdict = await app.app.get(AuditTrailService).verify(owner.tenantId);
    expect(verdict).toMatchObject({
      ok: true,
      verifiedCount: await app.db.auditEvent.count({ where: { tenantId: owner.tenantId } }),
    });
  }, 180_000);
});
