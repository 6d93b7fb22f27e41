// Throttles failed client authentication. Failures are counted per (client_id, source IP)
// and per source IP: an attacker elsewhere can never lock a real client out, and every block
// expires on its own. Successful requests cost no Redis round trip: blocks are also
// remembered locally once seen.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from '../infra/redis';
import { OAuthError } from './oauth-error';

const WINDOW_SEC = 300;

@Injectable()
export class ClientAuthThrottle {
  private readonly perClientIp: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;
  private readonly blockedUntil = new Map<string, number>();
  private readonly perClientIpLimit: number;
  private readonly perIpLimit: number;

  constructor(@Inject(REDIS) redis: Redis, @Inject(CONFIG) config: AppConfig) {
    const PER_CLIENT_IP = (this.perClientIpLimit = config.OAUTH_FAILURE_LIMIT);
    const PER_IP = (this.perIpLimit = config.OAUTH_FAILURE_LIMIT * 10);
    const common = { storeClient: redis, duration: WINDOW_SEC, blockDuration: WINDOW_SEC };
    this.perClientIp = new RateLimiterRedis({
      ...common,
      points: PER_CLIENT_IP,
      keyPrefix: `${config.REDIS_PREFIX}:oauth:fail:cip`,
      insuranceLimiter: new RateLimiterMemory({ points: PER_CLIENT_IP, duration: WINDOW_SEC }),
    });
    this.perIp = new RateLimiterRedis({
      ...common,
      points: PER_IP,
      keyPrefix: `${config.REDIS_PREFIX}:oauth:fail:ip`,
      insuranceLimiter: new RateLimiterMemory({ points: PER_IP, duration: WINDOW_SEC }),
    });
  }

  /** Refuses, without a network call, a pair this node has seen blocked. */
  assertNotBlocked(clientId: string | undefined, ip: string): void {
    const now = Date.now();
    for (const key of [`ip:${ip}`, `cip:${clientId}:${ip}`]) {
      const until = this.blockedUntil.get(key);
      if (until === undefined) continue;
      if (until <= now) this.blockedUntil.delete(key);
      else throw tooMany(until - now);
    }
  }

  /** Counts a failure; throws 429 once this client/IP or IP is over its limit. */
  async recordFailure(clientId: string | undefined, ip: string): Promise<void> {
    const results = await Promise.all([
      clientId ? this.perClientIp.consume(`${clientId}:${ip}`).catch((r: unknown) => r) : undefined,
      this.perIp.consume(ip).catch((r: unknown) => r),
    ]);
    const keys = [`cip:${clientId}:${ip}`, `ip:${ip}`];
    let worst = 0;
    results.forEach((r, i) => {
      if (
        r instanceof RateLimiterRes &&
        r.remainingPoints <= 0 &&
        r.consumedPoints > (i === 0 ? this.perClientIpLimit : this.perIpLimit)
      ) {
        this.blockedUntil.set(keys[i]!, Date.now() + r.msBeforeNext);
        worst = Math.max(worst, r.msBeforeNext);
      }
    });
    if (this.blockedUntil.size > 50_000) this.blockedUntil.clear();
    if (worst > 0) throw tooMany(worst);
  }
}

function tooMany(ms: number): OAuthError {
  const sec = Math.max(1, Math.ceil(ms / 1000));
  return new OAuthError('temporarily_unavailable', 'Too many failed attempts. Retry later.', {
    status: 429,
    retryAfterSec: sec,
  });
}
