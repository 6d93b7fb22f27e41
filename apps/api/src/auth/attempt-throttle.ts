// Attempt throttles for the people's doors (sign-in, sign-up, password reset, second factors),
// in Redis so every node shares them. Each attempt is counted atomically *before* the expensive
// check (argon2, a TOTP window), so parallel attempts cannot slip past a check-then-count race.
// Blocks expire on their own: an attacker can slow a victim down, never lock them out for good.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/errors';
import { REDIS } from '../infra/redis';
import { AppConfig, CONFIG } from '../config/config';

const WINDOW_SECONDS = 15 * 60;

export interface Limit {
  name: string;
  points: number;
  seconds: number;
}

export const LIMITS = {
  signInAccount: { name: 'signin:acct', points: 10, seconds: WINDOW_SECONDS },
  signInIp: { name: 'signin:ip', points: 50, seconds: WINDOW_SECONDS },
  signUpIp: { name: 'signup:ip', points: 10, seconds: 3600 },
  resetAccount: { name: 'reset:acct', points: 5, seconds: 3600 },
  resetIp: { name: 'reset:ip', points: 20, seconds: 3600 },
  secondFactorAccount: { name: 'mfa:acct', points: 10, seconds: WINDOW_SECONDS },
} satisfies Record<string, Limit>;

type LimitName = keyof typeof LIMITS;

@Injectable()
export class AttemptThrottle {
  private readonly limiters = new Map<LimitName, RateLimiterRedis>();

  constructor(@Inject(REDIS) redis: Redis, @Inject(CONFIG) config: AppConfig) {
    const limits: Record<LimitName, Limit> = {
      ...LIMITS,
      signUpIp: { ...LIMITS.signUpIp, points: config.SIGNUP_LIMIT_PER_HOUR },
    };
    for (const [key, limit] of Object.entries(limits) as [LimitName, Limit][]) {
      this.limiters.set(
        key,
        new RateLimiterRedis({
          storeClient: redis,
          keyPrefix: `${config.REDIS_PREFIX}:${limit.name}`,
          points: limit.points,
          duration: limit.seconds,
          blockDuration: limit.seconds,
          // If Redis is unreachable, count in this node's memory rather than opening the gate.
          insuranceLimiter: new RateLimiterMemory({
            points: limit.points,
            duration: limit.seconds,
            blockDuration: limit.seconds,
          }),
        }),
      );
    }
  }

  /** Counts one attempt against every (limit, key) pair; throws 429 when any is exhausted. */
  async consume(what: string, pairs: [LimitName, string][]): Promise<void> {
    const results = await Promise.allSettled(
      pairs.map(([name, key]) => this.limiters.get(name)!.consume(key, 1)),
    );
    const refused = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    if (refused.length === 0) return;
    const waits = refused.map((r) => (r instanceof RateLimiterRes ? r.msBeforeNext : WINDOW_SECONDS * 1000));
    const seconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new AppError('too_many_requests', `Too many ${what} attempts. Try again in ${seconds} seconds.`, {
      retryAfterSeconds: seconds,
    });
  }

  /** Forgets the count for a key after a success (the person proved who they are). */
  async reset(name: LimitName, key: string): Promise<void> {
    await this.limiters
      .get(name)!
      .delete(key)
      .catch(() => undefined);
  }

  /** Gives back the point a successful attempt took (shared addresses: offices, the console's tests). */
  async refund(name: LimitName, key: string): Promise<void> {
    await this.limiters
      .get(name)!
      .reward(key, 1)
      .catch(() => undefined);
  }
}
