// Sign-in throttling per account and per source IP, in Redis so every node shares it. Blocks
// expire on their own: an attacker can slow a victim's sign-in, never lock it out for good.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/errors';
import { REDIS } from '../infra/redis';
import { AppConfig, CONFIG } from '../config/config';

const WINDOW_SECONDS = 15 * 60;

@Injectable()
export class SignInThrottle {
  private readonly perAccount: RateLimiterRedis;
  private readonly perIp: RateLimiterRedis;

  constructor(@Inject(REDIS) redis: Redis, @Inject(CONFIG) config: AppConfig) {
    const common = { storeClient: redis, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS };
    // If Redis is unreachable, fall back to this node's memory rather than opening the gate.
    this.perAccount = new RateLimiterRedis({
      ...common,
      keyPrefix: `${config.REDIS_PREFIX}:signin:acct`,
      points: 10,
      insuranceLimiter: new RateLimiterMemory({ points: 10, duration: WINDOW_SECONDS }),
    });
    this.perIp = new RateLimiterRedis({
      ...common,
      keyPrefix: `${config.REDIS_PREFIX}:signin:ip`,
      points: 50,
      insuranceLimiter: new RateLimiterMemory({ points: 50, duration: WINDOW_SECONDS }),
    });
  }

  /** Throws 429 when this account or IP has failed too often recently. */
  async check(email: string, ip: string): Promise<void> {
    const [acct, byIp] = await Promise.all([this.perAccount.get(email), this.perIp.get(ip)]);
    const blocked = [acct, byIp].filter((r): r is RateLimiterRes => !!r && r.remainingPoints <= 0);
    if (blocked.length > 0) throw tooMany(Math.max(...blocked.map((r) => r.msBeforeNext)));
  }

  async recordFailure(email: string, ip: string): Promise<void> {
    await Promise.all([this.perAccount.penalty(email, 1), this.perIp.penalty(ip, 1)]).catch(() => undefined);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(email).catch(() => undefined);
  }
}

function tooMany(ms: number): AppError {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  return new AppError('too_many_requests', `Too many failed sign-in attempts. Try again in ${seconds} seconds.`, {
    retryAfterSeconds: seconds,
  });
}
