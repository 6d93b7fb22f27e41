import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig, CONFIG } from '../config/config';

export const REDIS = Symbol('REDIS');

export function createRedis(url: string, name: string): Redis {
  // Fail fast instead of queueing commands forever while Redis is down.
  const redis = new Redis(url, { connectionName: name, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
  // Outages are handled where commands fail (fallbacks, fail modes); log, never crash.
  let last = 0;
  redis.on('error', (e: Error) => {
    if (Date.now() - last > 10_000) console.error(`Redis connection error: ${e.message}`);
    last = Date.now();
  });
  return redis;
}

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(CONFIG) readonly _config: AppConfig) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
