// Limits on what comes back: redirects refused, body size, event size of an event stream, and
// time (headers, idle gap between chunks, whole body). Enforced inside the undici dispatch, so
// the response body a caller reads fails with the typed error the moment a limit is passed.
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import {
  OutboundTimeoutError,
  RedirectRefusedError,
  ResponseLimitError,
  toOutboundError,
  type OutboundError,
} from './errors';

export interface OutboundLimits {
  /** Largest body accepted, in bytes (Infinity: none). */
  maxResponseBytes: number;
  /** Largest single event of a text/event-stream body, in bytes. */
  maxSseEventBytes: number;
  /** From sending the request to the response headers (0: none). */
  headersTimeoutMs: number;
  /** Longest silence between two chunks of the body (0: none). Not counted while the reader is paused. */
  bodyIdleTimeoutMs: number;
  /** From the response headers to the end of the body (0: none). */
  bodyTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<OutboundLimits> = Object.freeze({
  maxResponseBytes: 10 * 1024 * 1024,
  maxSseEventBytes: 4 * 1024 * 1024,
  headersTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 120_000,
  bodyTimeoutMs: 600_000,
});

/**
 * Measures the event being received in an event stream, in bytes, without parsing it: lines end
 * with CRLF, LF or CR and a blank line ends the event (the framing SSE clients use).
 */
export class SseEventMeter {
  private size = 0;
  private lineEmpty = true;
  private afterCr = false;

  constructor(private readonly max: number) {}

  /** False once the current event is larger than the limit. */
  push(chunk: Uint8Array): boolean {
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      if (b === 0x0a && this.afterCr) {
        this.afterCr = false; // the LF of a CRLF
        continue;
      }
      this.afterCr = b === 0x0d;
      if (b === 0x0a || b === 0x0d) {
        if (this.lineEmpty) this.size = 0; // a blank line: the event is complete
        this.lineEmpty = true;
      } else {
        this.lineEmpty = false;
        if (++this.size > this.max) return false;
      }
    }
    return true;
  }
}

// The media type before any parameter, any case, blanks around it (RFC 9110 §8.3.1); a test, not
// a split and two copies, on every answer of every upstream.
const EVENT_STREAM = /^[ \t]*text\/event-stream[ \t]*(?:;|$)/i;
const isEventStream = (contentType: unknown) =>
  typeof contentType === 'string' && EVENT_STREAM.test(contentType);

type Controller = Dispatcher.DispatchController;

/**
 * Sits between undici's request() and the connection, in undici's handler interface (compose
 * hands an interceptor a handler that speaks it). A passed limit aborts the exchange with its
 * error, which reaches the caller as the rejection of request() or as the body stream's error.
 */
class LimitsHandler implements Dispatcher.DispatchHandler {
  private received = 0;
  private events: SseEventMeter | null = null;
  private totalTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly limits: OutboundLimits,
    private readonly report: (e: OutboundError) => OutboundError,
    private readonly next: Dispatcher.DispatchHandler,
  ) {}

  onRequestStart(controller: Controller, context: unknown): void {
    this.next.onRequestStart?.(controller, context);
  }

  onResponseStart(
    controller: Controller,
    status: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (status >= 300 && status < 400) {
      const location = typeof headers.location === 'string' ? headers.location.split(/[?#]/)[0] : undefined;
      return controller.abort(new RedirectRefusedError(status, { location }));
    }
    if (Number(headers['content-length']) > this.limits.maxResponseBytes)
      return controller.abort(this.tooLarge());
    if (isEventStream(headers['content-type'])) this.events = new SseEventMeter(this.limits.maxSseEventBytes);
    if (this.limits.bodyTimeoutMs > 0) {
      const ms = this.limits.bodyTimeoutMs;
      this.totalTimer = setTimeout(
        () =>
          controller.abort(new OutboundTimeoutError('total_timeout', `the answer took longer than ${ms} ms`)),
        ms,
      );
    }
    this.next.onResponseStart?.(controller, status, headers, statusMessage);
  }

  onResponseData(controller: Controller, chunk: Buffer): void {
    this.received += chunk.length;
    if (this.received > this.limits.maxResponseBytes) return controller.abort(this.tooLarge());
    if (this.events && !this.events.push(chunk)) {
      return controller.abort(
        new ResponseLimitError(
          'event_too_large',
          `an event of the server's stream is larger than ${this.limits.maxSseEventBytes} bytes`,
        ),
      );
    }
    this.next.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Controller, trailers: IncomingHttpHeaders): void {
    clearTimeout(this.totalTimer);
    this.next.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Controller, error: Error): void {
    clearTimeout(this.totalTimer);
    this.next.onResponseError?.(controller, this.report(toOutboundError(error)));
  }

  private tooLarge() {
    return new ResponseLimitError(
      'response_too_large',
      `the answer is larger than ${this.limits.maxResponseBytes} bytes`,
    );
  }
}

/**
 * An interceptor for one request: every error the exchange ends with (a refused redirect, a
 * passed limit, a broken connection) is turned into an OutboundError and handed to `report`.
 */
export function limitsInterceptor(
  limits: OutboundLimits,
  report: (e: OutboundError) => OutboundError,
): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => dispatch(opts, new LimitsHandler(limits, report, handler));
}
