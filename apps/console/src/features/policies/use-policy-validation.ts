'use client';
import { useEffect, useState } from 'react';
import { policyRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { ApiError, networkError, toFieldErrors, type FieldErrors } from '@/lib/problem';
import type { PolicyDraft, PolicyValidation } from '@portcullis/sdk';
import { useDebouncedValue } from '@/lib/use-debounced-value';

const DEBOUNCE_MS = 350;

export interface DraftCheck {
  /** The answer for the draft as it is now; undefined while it is being checked. */
  validation: PolicyValidation | undefined;
  /** Field errors of that answer, by path ('config.limit'). */
  errors: FieldErrors;
  checking: boolean;
  error: ApiError | undefined;
}

/** Validates the draft on the server as it is typed (debounced): the same engine, the same
 * messages, and the policy in plain words. */
export function usePolicyValidation(draft: PolicyDraft): DraftCheck {
  const key = JSON.stringify(draft);
  const settled = useDebouncedValue(key, DEBOUNCE_MS);
  const [answer, setAnswer] = useState<{ key: string; value?: PolicyValidation; error?: ApiError }>();

  useEffect(() => {
    const controller = new AbortController();
    call(policyRoutes.validate, { body: { draft: JSON.parse(settled) as PolicyDraft } }, controller.signal)
      .then((value) => setAnswer({ key: settled, value }))
      .catch((e: unknown) => {
        if (!controller.signal.aborted)
          setAnswer({ key: settled, error: e instanceof ApiError ? e : networkError(e) });
      });
    return () => controller.abort();
  }, [settled]);

  const current = answer?.key === key ? answer : undefined;
  return {
    validation: current?.value,
    // The last answer's field errors stay on screen while the next one is on its way.
    errors: answer?.value ? toFieldErrors(answer.value.errors) : (answer?.error?.fieldErrors ?? {}),
    checking: !current,
    error: answer?.error,
  };
}
