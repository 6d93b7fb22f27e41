'use client';
// Routes whose work can be long (chain verification, back-tests) answer 200 with their result
// when it was small, or 202 with a job to follow (jobRoutes.get) until it ends.
import { jobRoutes } from '@portcullis/sdk';
import { useCallback, useRef, useState } from 'react';
import { call } from './api';
import { ApiError, networkError } from './problem';
import type { JobProgress, JobView } from '@portcullis/sdk';

const POLL_MS = 500;

export function isJobView(body: unknown): body is JobView {
  const b = body as Partial<JobView> | null;
  return (
    typeof b === 'object' &&
    b !== null &&
    typeof b.id === 'string' &&
    typeof b.kind === 'string' &&
    typeof b.state === 'string' &&
    typeof b.progress === 'object'
  );
}

export class JobCancelledError extends Error {
  constructor() {
    super('Cancelled.');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Follows a job until it ends: its result, or an error (JobCancelledError once cancelled). */
export async function followJob<R>(job: JobView, onProgress: (p: JobProgress) => void): Promise<R> {
  let view = job;
  for (;;) {
    onProgress(view.progress);
    if (view.state === 'completed') return view.result as R;
    if (view.state === 'cancelled') throw new JobCancelledError();
    if (view.state === 'failed')
      throw new ApiError({
        status: 500,
        code: 'job_failed',
        title: 'The job failed',
        detail: view.error ?? 'The job failed.',
      });
    await sleep(POLL_MS);
    view = await call(jobRoutes.get, { params: { id: view.id } });
  }
}

export interface LongWork<A extends unknown[], R> {
  run: (...args: A) => Promise<{ ok: true; value: R } | { ok: false; error: ApiError | JobCancelledError }>;
  pending: boolean;
  /** Known while a job runs (null for work answered inline). */
  progress: JobProgress | null;
  error: ApiError | undefined;
  /** Asks the running job to stop (jobRoutes.cancel); the run then ends as cancelled. */
  cancel: () => Promise<void>;
  cancelling: boolean;
}

/** Like useAction, for a route that may answer with a job: progress while it runs, and cancel. */
export function useLongWork<A extends unknown[], R>(
  start: (...args: A) => Promise<R | JobView>,
): LongWork<A, R> {
  const [pending, setPending] = useState(false);
  const [progress, setProgress] = useState<JobProgress | null>(null);
  const [error, setError] = useState<ApiError>();
  const [cancelling, setCancelling] = useState(false);
  const jobId = useRef<string | null>(null);

  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(undefined);
      setProgress(null);
      try {
        const answer = await start(...args);
        if (!isJobView(answer)) return { ok: true as const, value: answer };
        jobId.current = answer.id;
        return { ok: true as const, value: await followJob<R>(answer, setProgress) };
      } catch (e) {
        if (e instanceof JobCancelledError) return { ok: false as const, error: e };
        const failure = e instanceof ApiError ? e : networkError(e);
        setError(failure);
        return { ok: false as const, error: failure };
      } finally {
        jobId.current = null;
        setPending(false);
        setCancelling(false);
        setProgress(null);
      }
    },
    [start],
  );

  const cancel = useCallback(async () => {
    if (!jobId.current) return;
    setCancelling(true);
    await call(jobRoutes.cancel, { params: { id: jobId.current } }).catch(() => setCancelling(false));
  }, []);

  return { run, pending, progress, error, cancel, cancelling };
}
