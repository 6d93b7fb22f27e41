import { Inject, Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import type { AuditEventInput } from '@portcullis/audit-core';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { APPEND_AUDIT_JOB, AUDIT_CHECKPOINT_JOB, AUDIT_QUEUE, AUDIT_RETENTION_JOB } from '../queue/queues';
import { AuditService } from '../audit/audit.service';
import { AuditTrailService } from './audit-trail.service';
import { QueueWorker } from '../queue/queue-errors';
import { JobCancelled, inlineControl } from '../jobs/job-control';

/** Appends queued batches (idempotently), and runs checkpoints and retention. */
@Processor(AUDIT_QUEUE, { concurrency: 2 })
export class AuditProcessor extends QueueWorker {
  private readonly logger = new Logger(AuditProcessor.name);

  constructor(
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly audit: AuditService,
    private readonly trail: AuditTrailService,
  ) {
    super();
  }

  /** `signal`: BullMQ's, aborted when a shutdown will not wait for the job (retention then stops between two windows). */
  async process(
    job: Job<{ events?: AuditEventInput[] }>,
    _token?: string,
    signal?: AbortSignal,
  ): Promise<unknown> {
    if (job.name === APPEND_AUDIT_JOB)
      return { appended: await this.audit.appendDirect(job.data.events ?? []) };
    const heads = await this.db.auditHead.findMany({ select: { tenantId: true } });
    if (job.name === AUDIT_CHECKPOINT_JOB) {
      let signed = 0;
      for (const { tenantId } of heads) if (await this.trail.checkpoint(tenantId)) signed++;
      return { signed };
    }
    if (job.name === AUDIT_RETENTION_JOB) {
      let deleted = 0;
      try {
        for (const { tenantId } of heads)
          deleted += await this.trail.applyRetention(tenantId, inlineControl(signal));
      } catch (e) {
        if (!(e instanceof JobCancelled)) throw e;
        this.logger.log({ deleted }, 'audit retention stopped by the shutdown: the next run goes on');
        return { deleted, stopped: true };
      }
      if (deleted) this.logger.log({ deleted }, 'audit retention applied');
      return { deleted };
    }
    throw new Error(`unknown job ${job.name}`);
  }
}
