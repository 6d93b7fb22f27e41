// The one way the platform makes an HTTP request to an address a tenant chose: gateway calls to
// upstream MCP servers, tool discovery and connection tests, audit webhooks, and documents
// (client metadata, JWKS). Every request: headers checked, host resolved once and every address
// checked, connection to exactly those addresses, no redirect followed, limits on the answer,
// and failures as OutboundError with a short summary (detail to `onError`, for server logs).
import type { CheckedUpstreamUrl, HostResolver } from '@portcullis/auth-core';
import {
  UpstreamUrlError,
  parseUpstreamUrl,
  upstreamHeaderNameRefusal,
  upstreamHeaderValueRefusal,
} from '@portcullis/auth-core';
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import {
  OutboundTimeoutError,
  TargetRefusedError,
  UnexpectedResponseError,
  toOutboundError,
  type OutboundError,
} from './errors';
import { DEFAULT_LIMITS, limitsInterceptor, type OutboundLimits } from './limits';
import { PinnedTargets, abortReason } from './pins';

export interface OutboundOptions {
  /** 127.0.0.0/8 and ::1 (development: an upstream on the same host). */
  allowLoopback?: boolean;
  /** RFC 1918, CGNAT and ULA (an upstream on a private network). Metadata addresses never. */
  allowPrivate?: boolean;
  /** Answers DNS questions; default: the system resolver (dns.lookup). Tests pass their own. */
  resolver?: HostResolver;
  /** Defaults for every request; a request may narrow or widen them. */
  limits?: Partial<OutboundLimits>;
  /** How long a resolved and checked address is used before resolving again (default 30 s). */
  pinTtlMs?: number;
  /** Connections per origin (default 128). */
  connections?: number;
  /** Default 10 s. */
  connectTimeoutMs?: number;
  /** Replaces the trusted root certificates (tests; a deployment adds its CAs with NODE_EXTRA_CA_CERTS). */
  ca?: string | string[];
  /** Every failure, with its detail (which may name internal addresses): for server logs only. */
  onError?: (error: OutboundError) => void;
}

export interface OutboundRequest {
  method?: Dispatcher.HttpMethod;
  /** Headers the platform sets itself. */
  headers?: Record<string, string>;
  /** Headers a tenant chose (a 'header' credential): refused if upstreamHeaderNameRefusal says so. */
  customHeaders?: Record<string, string>;
  body?: string | Buffer | Uint8Array;
  signal?: AbortSignal;
  limits?: Partial<OutboundLimits>;
}

/** Status, headers and a body stream (undici's); the body fails with an OutboundError past a limit. */
export type OutboundResponse = Dispatcher.ResponseData;

export interface JsonDocument {
  json: unknown;
  headers: IncomingHttpHeaders;
}

export class Outbound {
  private readonly targets: PinnedTargets;
  private readonly reported = new WeakSet<OutboundError>();
  private readonly limits: OutboundLimits;

  constructor(private readonly options: OutboundOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.targets = new PinnedTargets(
      {
        allowLoopback: options.allowLoopback === true,
        allowPrivate: options.allowPrivate === true,
        resolver: options.resolver,
      },
      {
        connections: options.connections ?? 128,
        keepAliveTimeoutMs: 30_000,
        connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
        ca: options.ca,
      },
      options.pinTtlMs ?? 30_000,
    );
  }

  /** Checks a URL a tenant entered (scheme, credentials, every address) without calling it. */
  async check(url: string): Promise<CheckedUpstreamUrl> {
    try {
      return await this.targets.check(url);
    } catch (e) {
      throw this.report(toOutboundError(e), url);
    }
  }

  /** One request; rejects with an OutboundError, and the body errors with one past a limit. */
  async request(url: string, init: OutboundRequest = {}): Promise<OutboundResponse> {
    const limits = { ...this.limits, ...init.limits };
    try {
      const target = parseTarget(url);
      const headers = this.headersOf(init);
      const { pool, addresses } = await this.targets.pin(target.origin, target.href, init.signal);
      const report = (e: OutboundError) => this.report(e.withDetail({ address: addresses }), url);
      return await pool.compose(limitsInterceptor(limits, report)).request({
        path: target.path,
        method: init.method ?? 'GET',
        headers,
        body: init.body,
        signal: init.signal,
        headersTimeout: limits.headersTimeoutMs,
        bodyTimeout: limits.bodyIdleTimeoutMs,
      });
    } catch (e) {
      // An abort before the dispatch started carries the caller's reason.
      throw this.report(toOutboundError(init.signal?.aborted ? abortReason(init.signal) : e), url);
    }
  }

  /**
   * GETs a JSON document of at most `maxBytes`, complete within `timeoutMs` (resolution, connection
   * and body included): client metadata documents, JWKS. Only a 200 answer is accepted.
   */
  async getJson(
    url: string,
    opts: { maxBytes: number; timeoutMs: number; accept?: string; signal?: AbortSignal },
  ): Promise<JsonDocument> {
    const deadline = new AbortController();
    const timer = setTimeout(
      () =>
        deadline.abort(
          new OutboundTimeoutError('deadline', `no complete answer within ${opts.timeoutMs} ms`),
        ),
      opts.timeoutMs,
    );
    const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
    try {
      const res = await this.request(url, {
        headers: { accept: opts.accept ?? 'application/json' },
        signal,
        // The deadline bounds every phase at once: one timer, one error ('deadline').
        limits: {
          maxResponseBytes: opts.maxBytes,
          headersTimeoutMs: 0,
          bodyIdleTimeoutMs: 0,
          bodyTimeoutMs: 0,
        },
      });
      if (res.statusCode !== 200) {
        void res.body.dump().catch(() => undefined);
        throw this.report(
          new UnexpectedResponseError('bad_status', `the server answered HTTP ${res.statusCode}`),
          url,
        );
      }
      const text = await res.body.text(); // past a limit or the deadline: an OutboundError, reported
      try {
        return { json: JSON.parse(text) as unknown, headers: res.headers };
      } catch {
        throw this.report(new UnexpectedResponseError('bad_json', 'the answer is not valid JSON'), url);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes every pool at once, in-flight exchanges included. */
  close(): Promise<void> {
    return this.targets.close();
  }

  private headersOf(init: OutboundRequest): Record<string, string> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(init.customHeaders ?? {})) {
      // Checked when saved, and again here: a row written by other means, or an older rule.
      const refusal = upstreamHeaderNameRefusal(name) ?? upstreamHeaderValueRefusal(value);
      if (refusal) throw new TargetRefusedError('forbidden_header', `${name.slice(0, 128)}: ${refusal}`);
      headers[name.toLowerCase()] = value;
    }
    return headers;
  }

  /** Adds the target to the detail, hands the error to the log hook once, and returns it. */
  private report(error: OutboundError, url: string): OutboundError {
    if (this.reported.has(error)) return error;
    this.reported.add(error);
    let target = url.slice(0, 200);
    try {
      const u = new URL(url);
      target = u.origin + u.pathname; // no query string: it may carry a secret
    } catch {
      /* keep the truncated text */
    }
    error.withDetail({ target });
    this.options.onError?.(error);
    return error;
  }
}

interface Target {
  origin: string;
  href: string;
  /** Path and query. */
  path: string;
}

const parsedTargets = new Map<string, Target>();

/**
 * The URL's syntax rules, on every request (the pin is per origin and may predate this URL);
 * remembered per URL text, since the gateway sends every call of a server to the same one.
 */
function parseTarget(url: string): Target {
  const known = parsedTargets.get(url);
  if (known) return known;
  let parsed: URL;
  try {
    parsed = parseUpstreamUrl(url);
  } catch (e) {
    if (e instanceof UpstreamUrlError) throw new TargetRefusedError(e.code, e.message);
    throw e;
  }
  const target = { origin: parsed.origin, href: parsed.href, path: parsed.pathname + parsed.search };
  if (parsedTargets.size >= 10_000) parsedTargets.clear();
  parsedTargets.set(url, target);
  return target;
}
