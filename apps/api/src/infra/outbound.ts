// The platform's one outbound HTTP client (see @portcullis/outbound), configured once: the SSRF
// settings, the default limits on upstream answers, and failures logged with their detail
// (which may name internal addresses: logs only, never a response).
import { Inject, Injectable, Logger, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { HostResolver } from '@portcullis/auth-core';
import { Outbound, OutboundError } from '@portcullis/outbound';
import { AppConfig, CONFIG } from '../config/config';
import { AppError } from '../common/errors';

/** Optional: a DNS resolver in place of the system's (tests answer names without a network). */
export const OUTBOUND_RESOLVER = Symbol('OUTBOUND_RESOLVER');

@Injectable()
export class PlatformOutbound extends Outbound implements OnApplicationShutdown {
  constructor(
    @Inject(CONFIG) config: AppConfig,
    @Optional() @Inject(OUTBOUND_RESOLVER) resolver?: HostResolver,
  ) {
    const logger = new Logger('outbound');
    super({
      allowLoopback: config.ALLOW_LOOPBACK_UPSTREAMS,
      allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS,
      resolver,
      pinTtlMs: config.UPSTREAM_DNS_PIN_SEC * 1000,
      limits: {
        maxResponseBytes: config.UPSTREAM_MAX_RESPONSE_BYTES,
        maxSseEventBytes: config.UPSTREAM_MAX_SSE_EVENT_BYTES,
        headersTimeoutMs: config.UPSTREAM_HEADERS_TIMEOUT_MS,
        bodyIdleTimeoutMs: config.UPSTREAM_BODY_IDLE_TIMEOUT_MS,
        bodyTimeoutMs: config.UPSTREAM_BODY_TIMEOUT_MS,
      },
      onError: (e: OutboundError) => {
        const entry = { code: e.code, ...e.detail };
        if (e.code === 'aborted') logger.debug(entry, e.message);
        else logger.warn(entry, `outbound request failed: ${e.message}`);
      },
    });
  }

  /** Shutdown does not wait on upstream streams: they end now, with an error to their readers. */
  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

/** Refuses a URL whose scheme, credentials or any resolved address the deployment does not allow. */
export async function assertSafeUpstream(
  outbound: Outbound,
  url: string,
  field = 'upstreamUrl',
): Promise<void> {
  try {
    await outbound.check(url);
  } catch (e) {
    if (e instanceof OutboundError) {
      throw new AppError('validation_failed', `The URL is not allowed: ${e.message}`, {
        errors: [{ path: field, message: e.message }],
      });
    }
    throw e;
  }
}
