// HTTP to upstream MCP servers: one keep-alive connection pool per origin (undici), timeouts
// that turn into clean JSON-RPC errors, and only the headers the upstream should see.
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Pool, errors } from 'undici';
import type { Dispatcher } from 'undici';
import { withTimeout } from '../infra/timeouts';

/** Headers relayed from the agent to the upstream. Authorization is never among them. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'mcp-protocol-version', 'last-event-id'];
export const HEADERS_TIMEOUT_MS = 30_000;

export type UpstreamFailure = 'unavailable' | 'timeout';

export function classifyUpstreamError(e: unknown): UpstreamFailure {
  return e instanceof errors.HeadersTimeoutError || e instanceof errors.BodyTimeoutError ? 'timeout' : 'unavailable';
}

@Injectable()
export class UpstreamClient implements OnApplicationShutdown {
  private readonly pools = new Map<string, Pool>();

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 128, keepAliveTimeout: 30_000, headersTimeout: HEADERS_TIMEOUT_MS, bodyTimeout: 0 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  request(opts: {
    upstreamUrl: string;
    method: 'POST' | 'GET' | 'DELETE';
    incoming: Record<string, string | string[] | undefined>;
    credentialHeaders: Record<string, string>;
    upstreamSessionId?: string;
    body?: Buffer | string;
    signal?: AbortSignal;
  }): Promise<Dispatcher.ResponseData> {
    const url = new URL(opts.upstreamUrl);
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const v = opts.incoming[name];
      if (typeof v === 'string') headers[name] = v;
    }
    if (opts.upstreamSessionId) headers['mcp-session-id'] = opts.upstreamSessionId;
    Object.assign(headers, opts.credentialHeaders);
    return this.pool(url.origin).request({
      path: url.pathname + url.search,
      method: opts.method,
      headers,
      body: opts.body,
      signal: opts.signal,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    // close() waits for requests still open (a stream nobody reads any more): not for long.
    await Promise.all([...this.pools.values()].map((p) => withTimeout(p.close(), 1000, 'closing an upstream pool').catch(() => p.destroy().catch(() => undefined))));
  }
}
