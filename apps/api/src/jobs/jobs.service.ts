// Long jobs: started here (on any API node), run by the worker (JobsProcessor), read back and
// cancelled by id. The job's data carries its tenant: another tenant's job id answers 404, as an
// unknown one does. Cancelling sets a flag in Redis that the running job reads between pages,
// so it works whichever node runs the job.
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobView } from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from '../infra/redis';
import { notFound } from '../common/errors';
import { LONG_JOBS_QUEUE } from '../queue/queues';

export type JobKind = JobView['kind'];

export interface JobData {
  tenantId: string;
  kind: JobKind;
  input: unknown;
  /** Units of work known at the start (the progress until the first page is done). */
  total: number;
}

export interface JobProgress {
  done: number;
  total: number;
}

/** How long a finished job (and its result) is kept. */
const KEEP_SEC = 24 * 3600;
/** The reason a cancelled job fails with (BullMQ has no cancelled state). */
export const CANCELLED_REASON = 'cancelled';

@Injectable()
export class JobsService {
  constructor(
    @InjectQueue(LONG_JOBS_QUEUE) private readonly queue: Queue<JobData>,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Work of more units than this runs as a job; smaller work is answered inline. */
  get inlineLimit(): number {
    return this.config.JOB_INLINE_MAX_EVENTS;
  }

  async start(tenantId: string, kind: JobKind, input: unknown, total: number): Promise<JobView> {
    const job = await this.queue.add(
      kind,
      { tenantId, kind, input, total },
      {
        jobId: randomUUID(),
        attempts: 1,
        removeOnComplete: { age: KEEP_SEC },
        removeOnFail: { age: KEEP_SEC },
      },
    );
    return this.view(job, 'waiting');
  }

  async get(tenantId: string, id: string): Promise<JobView> {
    const [state, job] = await this.stateThenJob(tenantId, id);
    return this.view(job, state);
  }

  /** Asks the job to stop: a queued job stops before its first page, a running one after its current page. */
  async cancel(tenantId: string, id: string): Promise<JobView> {
    const [state, job] = await this.stateThenJob(tenantId, id);
    if (state !== 'completed' && state !== 'failed')
      await this.redis.set(this.cancelKey(id), '1', 'EX', KEEP_SEC);
    return this.view(job, state);
  }

  async isCancelled(id: string): Promise<boolean> {
    return (await this.redis.exists(this.cancelKey(id))) === 1;
  }

  /**
   * The state first, then the job: read the other way round, a job that finishes in between shows
   * as completed without its result (the job was read while it had none). A state only moves on.
   */
  private async stateThenJob(tenantId: string, id: string): Promise<[string, Job<JobData>]> {
    const state = await this.queue.getJobState(id);
    return [state, await this.find(tenantId, id)];
  }

  private async find(tenantId: string, id: string): Promise<Job<JobData>> {
    const job = await this.queue.getJob(id);
    if (!job || job.data.tenantId !== tenantId) throw notFound('Job');
    return job;
  }

  private cancelKey(id: string): string {
    return `${this.config.REDIS_PREFIX}:job-cancel:${id}`;
  }

  private view(job: Job<JobData>, state: string): JobView {
    const progress = (
      typeof job.progress === 'object' ? job.progress : { done: 0, total: job.data.total }
    ) as JobProgress;
    const finished = state === 'completed' || state === 'failed';
    return {
      id: job.id!,
      kind: job.data.kind,
      state:
        state === 'active'
          ? 'running'
          : state === 'completed'
            ? 'completed'
            : state === 'failed'
              ? job.failedReason === CANCELLED_REASON
                ? 'cancelled'
                : 'failed'
              : 'queued',
      progress: { done: progress.done ?? 0, total: progress.total ?? 0 },
      ...(state === 'completed' ? { result: job.returnvalue } : {}),
      ...(state === 'failed' && job.failedReason !== CANCELLED_REASON ? { error: job.failedReason } : {}),
      createdAt: new Date(job.timestamp).toISOString(),
      ...(finished && job.finishedOn ? { finishedAt: new Date(job.finishedOn).toISOString() } : {}),
    };
  }
}
