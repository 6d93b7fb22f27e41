// What every response gets, whatever route served it: the security headers, the request id,
// and the Prometheus request metrics. One synchronous hook each way. @fastify/helmet rebuilt
// helmet's middleware chain on every request (through two hooks, one of them async), and the
// metrics hook hashed its label set twice per request; on the token endpoint and the gateway
// that was a measurable share of the CPU per request.
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import type { Metrics } from './metrics';
import type { Tally } from './tally';

/** The headers helmet sets for `options`, computed once by running helmet against a recorder. */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  helmet({ ...options })({} as never, recorder as never, (e?: unknown) => (failed = e));
  if (failed) throw failed instanceof Error ? failed : new Error(String(failed));
  // Options that vary per request (CSP nonces) would make a fixed set wrong: refuse them here.
  if (Object.keys(headers).length === 0) throw new Error('helmet set no headers');
  return headers;
}

export function addResponseHooks(
  fastify: FastifyInstance,
  opts: { helmet: HelmetOptions; metrics: Metrics },
): void {
  const security = Object.freeze(helmetHeaders(opts.helmet));
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.headers(security);
    reply.header('x-request-id', req.id);
    done();
  });

  // Children by (method, route, status): the count is a tally (a plain number), the histogram's
  // child at least skips building a label object. Routes are templates, so the maps stay small.
  const counters = new Map<string, Tally>();
  const latencies = new Map<string, { observe(v: number): void }>();
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions.url ?? 'unmatched';
    const status = String(reply.statusCode);
    const key = `${req.method} ${route}`;
    let counter = counters.get(`${key} ${status}`);
    if (!counter)
      counters.set(
        `${key} ${status}`,
        (counter = opts.metrics.requests.child({ method: req.method, route, status })),
      );
    let latency = latencies.get(key);
    if (!latency) latencies.set(key, (latency = opts.metrics.latency.labels(req.method, route)));
    counter.inc();
    latency.observe(reply.elapsedTime / 1000);
    done();
  });
}
