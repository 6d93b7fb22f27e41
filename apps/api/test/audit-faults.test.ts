// A worker killed with SIGKILL in the middle of appending audit batches: after another worker
// takes over, every event is present exactly once and the chain verifies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';
import { AuditService } from '../src/audit/audit.service';
import { AuditTrailService } from '../src/audit/audit-trail.service';

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

function startWorker(): ChildProcess {
  const worker = spawn(process.execPath, [path.resolve(__dirname, '../dist/worker.js')], {
    env: {
      ...process.env,
      DATABASE_URL: app.databaseUrl,
      REDIS_URL: app.config.REDIS_URL,
      REDIS_PREFIX: app.config.REDIS_PREFIX,
      SECRET_PEPPER: app.config.SECRET_PEPPER,
      MASTER_KEY: app.config.MASTER_KEY,
      LOG_LEVEL: 'silent',
      NODE_ENV: 'test',
    },
    stdio: 'ignore',
  });
  workers.push(worker);
  return worker;
}

describe('audit worker faults', () => {
  it('loses and duplicates nothing when a worker is killed mid-batch', async () => {
    const owner = await signUpOwner(app.baseUrl);
    // Only the calls are counted: a worker also writes events of its own (the scheduled
    // checkpoint creates the tenant's first signing key, audited as key.rotated).
    const calls = { tenantId: owner.tenantId, action: 'gateway.call' };
    const audit = app.app.get(AuditService);
    const total = 6000;
    for (let i = 0; i < total; i++) {
      audit.emit({ tenantId: owner.tenantId, actor: { type: 'agent', id: 'agt_fault' }, action: 'gateway.call', outcome: 'success', details: { n: i } });
    }
    await audit.flush();
    const first = startWorker();
    await waitUntil('the first worker to start appending', async () => (await app.db.auditEvent.count({ where: calls })) > 0, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const partial = await app.db.auditEvent.count({ where: calls });
    expect(partial).toBeLessThan(total);
    startWorker();
    // A job the dead worker held is retried once its lock expires (BullMQ stalled-job check).
    await waitUntil('every event appended', async () => (await app.db.auditEvent.count({ where: calls })) === total, 90_000);
    const rows = await app.db.auditEvent.findMany({ where: { tenantId: owner.tenantId, action: 'gateway.call' }, select: { details: true } });
    const ns = new Set(rows.map((r) => (r.details as { n: number }).n));
    expect(ns.size).toBe(total);
    const verdict = await app.app.get(AuditTrailService).verify(owner.tenantId);
    expect(verdict).toMatchObject({ ok: true, verifiedCount: await app.db.auditEvent.count({ where: { tenantId: owner.tenantId } }) });
  }, 180_000);
});
