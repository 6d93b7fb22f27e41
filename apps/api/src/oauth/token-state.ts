// Shared token state in Redis: the jti deny-list of revoked access tokens (kept until the
// token would have expired anyway) and the replay cache of private_key_jwt assertions.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ReplayStore } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from '../infra/redis';

@Injectable()
export class TokenState implements ReplayStore {
  private readonly prefix: string;

  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(CONFIG) config: AppConfig) {
    this.prefix = config.REDIS_PREFIX;
  }

  /** ReplayStore: true the first time a key is seen within its TTL. */
  async markIfNew(key: string, ttlSec: number): Promise<boolean> {
    const ok = await this.redis.set(`${this.prefix}:jti:assertion:${key}`, '1', 'EX', Math.max(1, Math.ceil(ttlSec)), 'NX');
    return ok === 'OK';
  }

  async revoke(jti: string, expiresAtSec: number): Promise<void> {
    const ttl = expiresAtSec - Math.floor(Date.now() / 1000);
    if (ttl > 0) await this.redis.set(`${this.prefix}:jti:revoked:${jti}`, '1', 'EX', ttl);
  }

  async isRevoked(jti: string): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}:jti:revoked:${jti}`)) === 1;
  }
}
