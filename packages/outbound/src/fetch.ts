// A WHATWG fetch over the safe path, for libraries that take a `fetch` (the MCP SDK's
// StreamableHTTPClientTransport). A redirect rejects the fetch with RedirectRefusedError,
// whatever `redirect` the library asks for; a body past a limit errors its stream.
import type { Readable } from 'node:stream';
import type { Outbound, OutboundRequest } from './outbound';

type FetchInput = string | URL | { url: string };
type FetchLike = (input: FetchInput, init?: RequestInit) => Promise<Response>;

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);

export function outboundFetch(outbound: Outbound, options: Pick<OutboundRequest, 'customHeaders' | 'limits'> = {}): FetchLike {
  return async (input, init = {}) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const method = (init.method ?? 'GET').toUpperCase();
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    const body = init.body;
    if (body != null && typeof body !== 'string' && !(body instanceof Uint8Array)) {
      throw new TypeError('outboundFetch sends string or byte bodies only');
    }
    const res = await outbound.request(url, {
      method,
      headers,
      body: body ?? undefined,
      signal: init.signal ?? undefined,
      customHeaders: options.customHeaders,
      limits: options.limits,
    });
    const out = new Headers();
    for (const [name, value] of Object.entries(res.headers)) {
      for (const v of Array.isArray(value) ? value : [value]) if (v !== undefined) out.append(name, v);
    }
    if (NULL_BODY_STATUS.has(res.statusCode) || method === 'HEAD') {
      void res.body.dump().catch(() => undefined);
      return new Response(null, { status: res.statusCode, headers: out });
    }
    return new Response(lazyWebStream(res.body), { status: res.statusCode, headers: out });
  };
}

/**
 * The body as a web stream that reads only when its reader asks (Readable.toWeb reads at once,
 * and a body that already failed cannot become a Response); a limit error reaches the reader.
 */
function lazyWebStream(body: Readable): ReadableStream<Uint8Array> {
  const chunks = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(new Uint8Array(value.buffer, value.byteOffset, value.byteLength));
      } catch (e) {
        controller.error(e);
      }
    },
    cancel() {
      body.destroy();
    },
  });
}
