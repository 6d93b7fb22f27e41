// Runs long jobs in the worker: the work gets a JobControl that records progress on the job,
// and stops the work (as cancelled) once someone asked, checked between pages.
import { Logger } from '@nestjs/common';
import { Processor } from '@nestjs/bullmq';
import { UnrecoverableError, type Job } from 'bullmq';
import { AppError } from '../common/errors';
import { QueueWorker } from '../queue/queue-errors';
import { LONG_JOBS_QUEUE } from '../queue/queues';
import { JobRunners } from './job-runners';
import { JobCancelled, yieldToEventLoop, type JobControl } from './job-control';
import { CANCELLED_REASON, JobsService, type JobData, type JobProgress } from './jobs.service';

@Processor(LONG_JOBS_QUEUE, { concurrency: 2 })
export class JobsProcessor extends QueueWorker {
  private readonly logger = new Logger(JobsProcessor.name);

  constructor(
    private readonly jobs: JobsService,
    private readonly runners: JobRunners,
  ) {
    super();
  }

  /** `signal`: BullMQ's, aborted by worker.cancelJob/cancelAllJobs (a shutdown that will not wait for long jobs). */
  async process(job: Job<JobData>, _token?: string, signal?: AbortSignal): Promise<unknown> {
    const control: JobControl = {
      page: async (done, total) => {
        await job.updateProgress({ done, total } satisfies JobProgress);
        await yieldToEventLoop();
        if (signal?.aborted || (await this.jobs.isCancelled(job.id!))) throw new JobCancelled();
      },
    };
    try {
      if (await this.jobs.isCancelled(job.id!)) throw new JobCancelled();
      const { tenantId, kind, input } = job.data;
      return await this.runners.runnerOf(kind)(tenantId, input, control);
    } catch (e) {
      // No retry: a cancelled job stays cancelled, a failed one is the user's to start again.
      if (e instanceof JobCancelled) throw new UnrecoverableError(CANCELLED_REASON);
      if (e instanceof AppError) throw new UnrecoverableError(e.message);
      this.logger.error({ err: e, jobId: job.id, kind: job.data.kind }, 'job failed');
      throw new UnrecoverableError('The job failed; see the server logs.');
    }
  }
}
