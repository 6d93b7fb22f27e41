// Limits on the unauthenticated endpoints people's clients use: dynamic registration (each one
// adds a row an admin will see) and authorization requests (each one holds state for ten
// minutes). Counted in Redis so every node shares them; this node's memory stands in when
// Redis is down rather than opening the gate.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from '../infra/redis';
import { OAuthError } from './oauth-error';

const HOUR = 3600;
const MINUTE = 60;
const AUTHORIZATIONS_PER_MINUTE = 60;

@Injectable()
export class OAuthRequestLimits {
  private readonly registrationsPerIp: RateLimiterRedis;
  private readonly registrationsPerTenant: RateLimiterRedis;
  private readonly authorizationsPerIp: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(CONFIG) config: AppConfig) {
    const limiter = (keyPrefix: string, points: number, duration: number) =>
      new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `${config.REDIS_PREFIX}:oauth:${keyPrefix}`,
        points,
        duration,
        insuranceLimiter: new RateLimiterMemory({ points, duration }),
      });
    this.registrationsPerIp = limiter('reg:ip', config.OAUTH_REGISTRATION_LIMIT, HOUR);
    this.registrationsPerTenant = limiter('reg:tenant', config.OAUTH_REGISTRATION_LIMIT * 10, HOUR);
    this.authorizationsPerIp = limiter('authz:ip', AUTHORIZATIONS_PER_MINUTE, MINUTE);
  }

  /** Counts a registration; throws 429 past OAUTH_REGISTRATION_LIMIT per address (or ten times that per tenant) an hour. */
  async registration(ip: string, tenantId: string): Promise<void> {
    await consume(this.registrationsPerIp, ip);
    await consume(this.registrationsPerTenant, tenantId);
  }

  async authorization(ip: string): Promise<void> {
    await consume(this.authorizationsPerIp, ip);
  }
}

async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (e) {
    if (!(e instanceof RateLimiterRes)) throw e;
    const sec = Math.max(1, Math.ceil(e.msBeforeNext / 1000));
    throw new OAuthError('temporarily_unavailable', 'Too many requests. Retry later.', {
      status: 429,
      retryAfterSec: sec,
    });
  }
}
