// The HTTP side of a shutdown. Closing Fastify stops accepting connections, closes idle
// kept-alive ones and answers 503 to anything new on the others; what it does not do is bound
// the wait for requests in flight, or tell a request from an event stream that never ends by
// itself. So every response is tracked from its first hook to its socket's close: requests are
// given until the in-flight budget, then whatever is still open (streams included) is cut.
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { Condition, settledBy } from '../infra/timeouts';
import type { Drain } from '../infra/drain';

/** After `expired`, how long the gateway has to end its streams itself before they are cut. */
const STREAM_END_GRACE_MS = 250;

/** A GET asking for an event stream (the gateway's server-to-client stream) only ends when its client or server says so. */
function isEventStream(method: string, accept: string | undefined): boolean {
  return method === 'GET' && accept !== undefined && accept.includes('text/event-stream');
}

export class InFlight {
  private readonly requests = new Set<ServerResponse>();
  private readonly streams = new Set<ServerResponse>();
  private readonly changed = new Condition();

  constructor(fastify: FastifyInstance) {
    fastify.addHook('onRequest', (req, reply, done) => {
      const res = reply.raw;
      const set = isEventStream(req.method, req.headers.accept) ? this.streams : this.requests;
      set.add(res);
      // 'close' comes after the last byte, and also when the socket dies first (or is cut).
      res.once('close', () => {
        set.delete(res);
        this.changed.notify();
      });
      done();
    });
  }

  /**
   * Stops the HTTP side: no new requests, the ones in flight finish until `until`, streams are
   * told to end (`drain.expired`) and then cut. Returns how many requests had to be cut.
   */
  async close(fastify: FastifyInstance, drain: Drain, until: number): Promise<{ cut: number }> {
    const closing = fastify.close();
    await this.changed.waitUntil(() => this.requests.size === 0, until);
    // Requests still open now did not finish in time, whether the gateway ends them itself
    // (with an error to the agent, recorded) or they are destroyed below.
    const cut = this.requests.size;
    drain.expire();
    await this.changed.waitUntil(
      () => this.requests.size === 0 && this.streams.size === 0,
      Date.now() + STREAM_END_GRACE_MS,
    );
    for (const res of [...this.requests, ...this.streams]) res.destroy();
    // Connections kept alive after their last response would hold the server's close open.
    fastify.server.closeAllConnections();
    await settledBy(closing, Date.now() + 1000);
    return { cut };
  }
}
