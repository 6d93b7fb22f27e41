// One error vocabulary for the whole API: domain code throws AppError with a code; the problem
// filter maps codes to HTTP statuses and RFC 9457 bodies.
import type { ZodError } from 'zod';

export const ERROR_STATUS = {
  validation_failed: 400,
  weak_password: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  second_factor_required: 403,
  sso_required: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface FieldError {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found.`);

/** Each invalid field of a parse, named by its path. */
export function fieldErrors(error: ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: i.path.join('.') || (i.code === 'unrecognized_keys' ? (i.keys ?? []).join(',') : ''),
    message: i.code === 'unrecognized_keys' ? `Unknown field(s): ${(i.keys ?? []).join(', ')}.` : i.message,
  }));
}

/** Invalid inputs as the API answers them: 400 validation_failed, each invalid field named. */
export function validationFailed(error: ZodError): AppError {
  return new AppError('validation_failed', 'The request has invalid fields.', { errors: fieldErrors(error) });
}
