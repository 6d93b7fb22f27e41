// A worker process for apps/api/test/audit-faults.test.ts: the real append path (the built API's
// AuditService.appendDirect) under a BullMQ worker with short lock and stall intervals, so the
// jobs of a killed worker are taken over within seconds, whatever the machine's load.
// With FAULT_HOLD=1 it appends its first batch, then opens the transaction of its second, writes
// the events and never commits: it tells its parent 'holding' (IPC) and waits to be killed.
import { Worker } from 'bullmq';
import { loadConfig } from '../../dist/config/config.js';
import { createApp } from '../../dist/app.factory.js';
import { AuditService } from '../../dist/audit/audit.service.js';
import { appendEvents } from '../../dist/audit/audit.store.js';
import { AUDIT_QUEUE, APPEND_AUDIT_JOB } from '../../dist/queue/queues.js';

async function main() {
  const config = loadConfig({ ...process.env, RUN_WORKER: 'false' });
  const { app, db } = await createApp(config);
  const audit = app.get(AuditService);
  let jobs = 0;
  const processor = async (job) => {
    if (job.name !== APPEND_AUDIT_JOB) return undefined;
    if (process.env.FAULT_HOLD === '1' && ++jobs > 1) {
      const tenantId = job.data.events[0].tenantId;
      return db.$transaction(async (tx) => {
        await appendEvents(tx, tenantId, job.data.events);
        process.send?.('holding');
        await new Promise(() => undefined);
      }, { timeout: 600_000 });
    }
    return { appended: await audit.appendDirect(job.data.events) };
  };
  new Worker(AUDIT_QUEUE, processor, {
    connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
    prefix: `${config.REDIS_PREFIX}:bull`,
    concurrency: 1,
    lockDuration: 1500,
    stalledInterval: 500,
    maxStalledCount: 100,
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
