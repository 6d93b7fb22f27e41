// A WHATWG fetch over the safe path, for libraries that take a `fetch` (the MCP SDK's
// StreamableHTTPClientTransport). A redirect rejects the fetch with RedirectRefusedError,
// whatever `redirect` the library asks for; a body past a limit errors its stream.
import type { Readable } from 'node:stream';
import { toOutboundError, type OutboundError } from './errors';
import type { Outbound, OutboundRequest } from './outbound';

type FetchInput = string | URL | { url: string };
type FetchLike = (input: FetchInput, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export interface OutboundFetchOptions extends Pick<OutboundRequest, 'customHeaders' | 'limits'> {
  /**
   * Told of every failure, of the request or of its body stream: a library may only see a broken
   * stream (the MCP SDK reports it as text and lets the request wait for its timeout).
   */
  onFailure?: (error: OutboundError, method: string) => void;
}

export function outboundFetch(outbound: Outbound, options: OutboundFetchOptions = {}): FetchLike {
  const failed = (method: string) => (e: unknown) => {
    const error = toOutboundError(e);
    options.onFailure?.(error, method);
    return error;
  };
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = init.body;
    if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('outboundFetch sends string or byte bodies only');
    }
    const res = await outbound
      .request(url, {
        method,
        headers,
        body: body ?? undefined,
        signal: init.signal ?? undefined,
        customHeaders: options.customHeaders,
        limits: options.limits,
      })
      .catch((e: unknown) => Promise.reject(failed(method)(e)));
    const out = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) out.append(name, v);
    }
    if (NULL_BODY_STATUS.has(res.statusCode) || method === 'HEAD') {
      void res.body.dump().catch(() => undefined);
      return new Response(null, { status: res.statusCode, headers: out });
    }
    return new Response(lazyWebStream(res.body, failed(method)), { status: res.statusCode, headers: out });
  };
}

/**
 * The body as a web stream that reads only when its reader asks (Readable.toWeb reads at once,
 * and a body that already failed cannot become a Response); a limit error reaches the reader.
 */
function lazyWebStream(body: Readable, failed: (e: unknown) => Error): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  // Errors reach the reader through the iterator; one that comes before the first read (or after
  // a cancel) must not be an unhandled 'error' event.
  body.on('error', () => undefined);
  let cancelled = false;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const { value, done } = await chunks.next();
          if (done) controller.close();
          else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
        } catch (e) {
          // A reader that cancelled is not told of the end it caused.
          if (!cancelled) controller.error(failed(e));
        }
      },
      cancel() {
        cancelled = true;
        body.destroy();
      },
    },
    { highWaterMark: 0 },
  );
}
