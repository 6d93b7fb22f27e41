// A worker process for apps/api/test/audit-faults.test.ts: the real append path (the built API's
// AuditAppender, with its sink outbox, on the real database) under a BullMQ worker with short
// lock and stall intervals, so the jobs of a killed worker are taken over within seconds whatever
// the machine's load. Built from its parts rather than by booting the whole API: it starts fast.
// With FAULT_HOLD=1 it appends its first batch, then opens the transaction of its second, writes
// the events and never commits: it tells its parent 'holding' (IPC) and waits to be killed.
// With FAULT_STANDBY=1 it tells its parent 'ready' and takes jobs only once told 'go'.
import { Queue, Worker } from 'bullmq';
import { createDb } from '@portcullis/db';
import { loadConfig } from '../../dist/config/config.js';
import { createSecretBox } from '../../dist/infra/secret-box.js';
import { Metrics } from '../../dist/infra/metrics.js';
import { AuditAppender } from '../../dist/audit/audit-append.js';
import { DatabaseProbe, TenantDbFactory } from '../../dist/infra/database.js';
import { AuditMetrics } from '../../dist/audit/audit-metrics.js';
import { SinkDelivery } from '../../dist/audit/sink-delivery.service.js';
import { appendEvents } from '../../dist/audit/audit.store.js';
import { APPEND_AUDIT_JOB, AUDIT_QUEUE, AUDIT_SINK_QUEUE } from '../../dist/queue/queues.js';

const config = loadConfig(process.env);
const connection = { url: config.REDIS_URL, maxRetriesPerRequest: null };
const prefix = `${config.REDIS_PREFIX}:bull`;
const db = await createDb(config.DATABASE_URL);
const sinks = new SinkDelivery(
  db,
  new TenantDbFactory(db),
  config,
  createSecretBox(config),
  new Queue(AUDIT_SINK_QUEUE, { connection, prefix }),
);
const appender = new AuditAppender(
  new TenantDbFactory(db),
  new DatabaseProbe(db),
  sinks,
  new AuditMetrics(new Metrics()),
);

let jobs = 0;
async function processor(job) {
  if (job.name !== APPEND_AUDIT_JOB) return undefined;
  if (process.env.FAULT_HOLD === '1' && ++jobs > 1) {
    const tenantId = job.data.events[0].tenantId;
    return db.$transaction(
      async (tx) => {
        await appendEvents(tx, tenantId, job.data.events);
        process.send?.('holding');
        await new Promise(() => undefined);
      },
      { timeout: 600_000 },
    );
  }
  return { appended: await appender.append(job.data.events) };
}

if (process.env.FAULT_STANDBY === '1') {
  const go = new Promise((resolve) => process.on('message', (m) => m === 'go' && resolve()));
  process.send?.('ready');
  await go;
}
// Locks renewed every second and given up after four: a worker frozen by load keeps its job.
new Worker(AUDIT_QUEUE, processor, {
  connection,
  prefix,
  concurrency: 1,
  lockDuration: 4000,
  lockRenewTime: 1000,
  stalledInterval: 1000,
  maxStalledCount: 100,
});
