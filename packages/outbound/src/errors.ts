// One error vocabulary for everything the platform fetches. The message is a short summary a
// tenant may see: never a response body, a secret, or an address the host resolved to. What an
// operator needs (the address, the cause) travels in `detail`, for server logs only.

export type OutboundErrorCode =
  // the target, refused before any connection
  | 'invalid_url'
  | 'bad_scheme'
  | 'credentials'
  | 'unresolvable'
  | 'forbidden_address'
  | 'forbidden_header'
  // the exchange
  | 'unreachable'
  | 'redirect'
  | 'connect_timeout'
  | 'headers_timeout'
  | 'idle_timeout'
  | 'total_timeout'
  | 'deadline'
  | 'response_too_large'
  | 'event_too_large'
  | 'bad_status'
  | 'bad_json'
  | 'aborted';

/** For server logs: the origin and path called, the address connected to, the cause. */
export type OutboundErrorDetail = Record<string, string | number | undefined>;

export class OutboundError extends Error {
  override readonly name: string = 'OutboundError';
  constructor(
    readonly code: OutboundErrorCode,
    message: string,
    /** Server logs only: may name internal addresses. */
    readonly detail: OutboundErrorDetail = {},
  ) {
    super(message);
  }

  /** Adds log detail (the target, say); the class and the summary stay. */
  withDetail(more: OutboundErrorDetail): this {
    Object.assign(this.detail, more);
    return this;
  }
}

/** The URL, its host's addresses, or a custom header: refused before connecting. */
export class TargetRefusedError extends OutboundError {
  override readonly name = 'TargetRefusedError';
}

/** The server answered 3xx: redirects are never followed (a redirect could point anywhere). */
export class RedirectRefusedError extends OutboundError {
  override readonly name = 'RedirectRefusedError';
  constructor(
    readonly status: number,
    detail: OutboundErrorDetail = {},
  ) {
    super('redirect', `the server answered with a redirect (HTTP ${status}), which is not followed`, detail);
  }
}

/** No connection, or the connection broke before the answer was complete. */
export class ConnectFailedError extends OutboundError {
  override readonly name = 'ConnectFailedError';
}

export class OutboundTimeoutError extends OutboundError {
  override readonly name = 'OutboundTimeoutError';
}

/** The answer, or one event of an event stream, is larger than allowed. */
export class ResponseLimitError extends OutboundError {
  override readonly name = 'ResponseLimitError';
}

/** An answer that is not what the caller asked for (status, JSON). */
export class UnexpectedResponseError extends OutboundError {
  override readonly name = 'UnexpectedResponseError';
}

/** The caller cancelled the request (its own client went away, say). */
export class OutboundAbortedError extends OutboundError {
  override readonly name = 'OutboundAbortedError';
}

const TLS_CODE = /^(ERR_TLS|ERR_SSL|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|HOSTNAME_MISMATCH|ERR_OSSL)/;

/** Any failure of an exchange, as one of the classes above. */
export function toOutboundError(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e;
  const err = (e ?? {}) as { code?: string; name?: string; message?: string };
  const detail = { cause: err.message?.slice(0, 300), causeCode: err.code };
  switch (err.code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
      return new OutboundTimeoutError('connect_timeout', 'the connection timed out', detail);
    case 'UND_ERR_HEADERS_TIMEOUT':
      return new OutboundTimeoutError('headers_timeout', 'the server did not answer in time', detail);
    case 'UND_ERR_BODY_TIMEOUT':
      return new OutboundTimeoutError('idle_timeout', 'the server stopped sending its answer', detail);
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return new OutboundAbortedError('aborted', 'the request was cancelled', detail);
    case 'ECONNREFUSED':
      return new ConnectFailedError('unreachable', 'the connection was refused', detail);
    case 'ECONNRESET':
    case 'EPIPE':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new ConnectFailedError(
        'unreachable',
        'the connection was closed before the answer was complete',
        detail,
      );
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'EADDRNOTAVAIL':
      return new ConnectFailedError('unreachable', 'the host is unreachable', detail);
  }
  if (err.name === 'AbortError')
    return new OutboundAbortedError('aborted', 'the request was cancelled', detail);
  if (err.code && TLS_CODE.test(err.code))
    return new ConnectFailedError(
      'unreachable',
      'the TLS handshake failed (certificate not trusted or not for this host)',
      detail,
    );
  return new ConnectFailedError('unreachable', 'the request failed', detail);
}
