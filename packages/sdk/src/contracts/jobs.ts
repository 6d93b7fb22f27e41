import { z } from 'zod';
import { TimestampSchema } from './common.js';

/**
 * A long piece of work (chain verification, policy back-test) run as a queue job: started by its
 * own route, which answers 202 with this view (and `Location: /api/v1/jobs/{id}`) when the work is
 * too large to answer inline; polled with GET /api/v1/jobs/{id}; stopped with DELETE. The result
 * is kept for a day after the job ends.
 */
export const JobKind = z.enum(['audit.verify', 'policy.backtest']);
export const JobState = z.enum(['queued', 'running', 'completed', 'failed', 'cancelled']);
export const JobView = z.object({
  id: z.uuid(),
  kind: JobKind,
  state: JobState,
  /** Units of work (events read) done of the total known when the job started. */
  progress: z.object({ done: z.number().int(), total: z.number().int() }),
  /** The route's usual answer, once completed. */
  result: z.unknown().optional(),
  /** Why it failed (a safe message; details stay in the logs). */
  error: z.string().optional(),
  createdAt: TimestampSchema,
  finishedAt: TimestampSchema.optional(),
});
export type JobView = z.infer<typeof JobView>;
export type JobProgress = JobView['progress'];
