// The answer of a route whose work can be long: small work is done inline (cooperatively: it
// yields between pages and stops if the client goes away) and answered 200 with its result;
// larger work becomes a queue job, answered 202 with the job's view and its Location.
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { jobRoutes, JobView, urlOf } from '@portcullis/sdk';
import { inlineControl, type JobControl } from './job-control';
import type { JobKind, JobsService } from './jobs.service';

export interface LongWork<T> {
  tenantId: string;
  kind: JobKind;
  /** What the job runs again in the worker: plain JSON. */
  input: unknown;
  /** Units (events) the work reads. */
  total: number;
  run(control: JobControl): Promise<T>;
  /** The route's 200 answer. */
  schema: z.ZodType<T>;
}

export async function inlineOrJob<T>(
  jobs: JobsService,
  reply: FastifyReply,
  work: LongWork<T>,
): Promise<void> {
  if (work.total > jobs.inlineLimit) {
    const view = await jobs.start(work.tenantId, work.kind, work.input, work.total);
    await reply
      .status(202)
      .header('Location', urlOf(jobRoutes.get, { params: { id: view.id } }))
      .send(JobView.parse(view));
    return;
  }
  const left = new AbortController();
  const onClose = () => {
    if (!reply.raw.writableEnded) left.abort();
  };
  reply.raw.once('close', onClose);
  try {
    const result = await work.run(inlineControl(left.signal));
    await reply.status(200).send(work.schema.parse(result));
  } finally {
    reply.raw.off('close', onClose);
  }
}
