'use client';
import { useCallback, useState } from 'react';
import { ApiError, networkError } from './problem';

export type ActionResult<R> = { ok: true; value: R } | { ok: false; error: ApiError };

export interface Action<A extends unknown[], R> {
  run: (...args: A) => Promise<ActionResult<R>>;
  pending: boolean;
  error: ApiError | undefined;
  reset: () => void;
}

/** Runs a mutation, keeping its pending state and its typed error for the form to show. */
export function useAction<A extends unknown[], R>(fn: (...args: A) => Promise<R>): Action<A, R> {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<ApiError>();

  const run = useCallback(
    async (...args: A) => {
      setPending(true);
      setError(undefined);
      try {
        return { ok: true as const, value: await fn(...args) };
      } catch (e) {
        const error = e instanceof ApiError ? e : networkError(e);
        setError(error);
        return { ok: false as const, error };
      } finally {
        setPending(false);
      }
    },
    [fn],
  );
  const reset = useCallback(() => setError(undefined), []);
  return { run, pending, error, reset };
}
