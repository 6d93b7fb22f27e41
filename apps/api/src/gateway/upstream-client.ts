// HTTP to upstream MCP servers, through the platform's one outbound path (the checked address
// only, no redirect followed, limits on the answer), with only the headers the upstream should
// see. The body of the answer fails with an OutboundError once a limit is passed.
import { Injectable } from '@nestjs/common';
import {
  OutboundError,
  type OutboundErrorCode,
  type OutboundLimits,
  type OutboundResponse,
} from '@portcullis/outbound';
import { PlatformOutbound } from '../infra/outbound';

/** Headers relayed from the agent to the upstream. Authorization is never among them. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'mcp-protocol-version', 'last-event-id'];

export type UpstreamFailure = 'unavailable' | 'timeout';

const TIMEOUTS = new Set<OutboundErrorCode>([
  'connect_timeout',
  'headers_timeout',
  'idle_timeout',
  'total_timeout',
  'deadline',
]);

/** What an agent is told of a failed upstream exchange; OutboundError.message has the summary. */
export function classifyUpstreamError(e: unknown): UpstreamFailure {
  return e instanceof OutboundError && TIMEOUTS.has(e.code) ? 'timeout' : 'unavailable';
}

@Injectable()
export class UpstreamClient {
  constructor(private readonly outbound: PlatformOutbound) {}

  /** Rejects with an OutboundError: refused target or header, redirect, connection, headers timeout. */
  request(opts: {
    upstreamUrl: string;
    method: 'POST' | 'GET' | 'DELETE';
    incoming: Record<string, string | string[] | undefined>;
    /** The server's credential: checked again here, like any header a tenant chose. */
    credentialHeaders: Record<string, string>;
    upstreamSessionId?: string;
    body?: Buffer | string;
    signal?: AbortSignal;
    /** Per call (a server's own settings, a long-lived GET stream); the configured defaults otherwise. */
    limits?: Partial<OutboundLimits>;
  }): Promise<OutboundResponse> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_REQUEST_HEADERS) {
      const v = opts.incoming[name];
      if (typeof v === 'string') headers[name] = v;
    }
    if (opts.upstreamSessionId) headers['mcp-session-id'] = opts.upstreamSessionId;
    return this.outbound.request(opts.upstreamUrl, {
      method: opts.method,
      headers,
      customHeaders: opts.credentialHeaders,
      body: opts.body,
      signal: opts.signal,
      limits: opts.limits,
    });
  }
}
