// Turns any failed API answer into one typed error. The API speaks RFC 9457 problem+json;
// proxies and crashes may not, so everything else becomes a generic problem with the status.
import type { Problem } from '@portcullis/sdk';

export type FieldErrors = Record<string, string>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  /** Field name -> first message for that field. */
  readonly fieldErrors: FieldErrors;
  /** Seconds to wait, from Retry-After, when the API throttles. */
  readonly retryAfterSeconds: number | undefined;

  constructor(init: {
    status: number;
    code: string;
    title: string;
    detail: string;
    requestId?: string;
    fieldErrors?: FieldErrors;
    retryAfterSeconds?: number;
  }) {
    super(init.detail);
    this.name = 'ApiError';
    this.status = init.status;
    this.code = init.code;
    this.title = init.title;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

function isProblem(body: unknown): body is Problem {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  return typeof b.code === 'string' && typeof b.title === 'string' && typeof b.status === 'number';
}

/** Field errors keyed by field name; the first message of a field wins. */
export function toFieldErrors(errors: Problem['errors']): FieldErrors {
  const out: FieldErrors = {};
  for (const e of errors ?? []) {
    const key = e.path || '_';
    if (!(key in out)) out[key] = e.message;
  }
  return out;
}

export function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.ceil(seconds);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

const GENERIC: Record<number, string> = {
  401: 'Your session has ended. Sign in again.',
  403: 'You are not allowed to do this.',
  404: 'Not found.',
  429: 'Too many attempts. Wait a moment and try again.',
  502: 'The API is not reachable right now.',
  503: 'The service is unavailable right now.',
};

/** Builds the ApiError for a non-2xx answer from its status, headers and (parsed) body. */
export function problemFromResponse(status: number, headers: Headers, body: unknown): ApiError {
  const retryAfterSeconds = parseRetryAfter(headers.get('retry-after'));
  if (isProblem(body)) {
    return new ApiError({
      status,
      code: body.code,
      title: body.title,
      detail: body.detail ?? body.title,
      requestId: body.requestId,
      fieldErrors: toFieldErrors(body.errors),
      retryAfterSeconds,
    });
  }
  return new ApiError({
    status,
    code: status >= 500 ? 'server_error' : 'http_error',
    title: `HTTP ${status}`,
    detail:
      GENERIC[status] ??
      (status >= 500 ? 'Something went wrong on the server.' : `The request failed (HTTP ${status}).`),
    retryAfterSeconds,
  });
}

export function networkError(cause: unknown): ApiError {
  const error = new ApiError({
    status: 0,
    code: 'network_error',
    title: 'Network error',
    detail: 'Could not reach the Portcullis API. Check your connection and try again.',
  });
  (error as { cause?: unknown }).cause = cause;
  return error;
}

/** A message for anything caught in a UI handler. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  if (error instanceof Error) return error.message;
  return 'Something went wrong.';
}
