import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { Prisma } from '@portcullis/db';
import { AppError, ERROR_STATUS, ErrorCode, validationFailed } from './errors';

const TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  weak_password: 'Password too weak',
  bad_request: 'Bad request',
  unauthenticated: 'Authentication required',
  invalid_credentials: 'Invalid credentials',
  forbidden: 'Forbidden',
  csrf_failed: 'CSRF check failed',
  second_factor_required: 'Second factor required',
  sso_required: 'Single sign-on required',
  not_found: 'Not found',
  method_not_allowed: 'Method not allowed',
  conflict: 'Conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  too_many_requests: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

/** The code a bare HTTP status stands for when nothing more specific is known. */
function codeForStatus(status: number): ErrorCode {
  if (status === 400) return 'bad_request';
  return (
    (Object.keys(ERROR_STATUS) as ErrorCode[]).find((k) => ERROR_STATUS[k] === status) ??
    (status < 500 ? 'bad_request' : 'internal')
  );
}

/** Maps anything thrown to an AppError; unknown errors become an opaque 500. */
export function toAppError(exception: unknown): AppError {
  if (exception instanceof AppError) return exception;
  if (exception instanceof ZodError) return validationFailed(exception);
  if (exception instanceof Prisma.PrismaClientKnownRequestError) {
    if (exception.code === 'P2025') return new AppError('not_found', 'Not found.');
    if (exception.code === 'P2002') return new AppError('conflict', 'It already exists.');
  }
  const fastifyCode = (exception as { code?: string })?.code;
  if (typeof fastifyCode === 'string' && fastifyCode.startsWith('FST_')) {
    if (fastifyCode === 'FST_ERR_CTP_BODY_TOO_LARGE')
      return new AppError('payload_too_large', 'The request body is too large.');
    if (fastifyCode === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return new AppError('unsupported_media_type', 'Send a JSON body (Content-Type: application/json).');
    }
    if (fastifyCode.startsWith('FST_ERR_CTP'))
      return new AppError('bad_request', 'The request body is not valid JSON.');
  }
  if (exception instanceof SyntaxError && 'body' in exception)
    return new AppError('bad_request', 'The request body is not valid JSON.');
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    return new AppError(codeForStatus(status), status === 404 ? 'No such route.' : exception.message);
  }
  const status = (exception as { statusCode?: number })?.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = codeForStatus(status);
    return new AppError(code, exception instanceof Error ? exception.message : TITLES[code]);
  }
  return new AppError(
    'internal',
    'Something went wrong on our side. The request id identifies it in the logs.',
  );
}

@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const error = toAppError(exception);
    if (error.code === 'internal')
      this.logger.error({ err: exception, reqId: request.id }, 'unhandled error');
    sendProblem(reply, request, error);
  }
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: AppError): void {
  if (error.extra.retryAfterSeconds !== undefined)
    reply.header('Retry-After', String(error.extra.retryAfterSeconds));
  void reply
    .status(error.status)
    .header('Content-Type', 'application/problem+json')
    .header('Cache-Control', 'no-store')
    .send({
      type: `about:blank#${error.code}`,
      title: TITLES[error.code],
      status: error.status,
      detail: error.message,
      instance: request.url.split('?')[0],
      code: error.code,
      requestId: String(request.id),
      ...(error.extra.errors ? { errors: error.extra.errors } : {}),
    });
}
