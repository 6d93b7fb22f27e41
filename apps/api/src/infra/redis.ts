import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig, CONFIG } from '../config/config';

export const REDIS = Symbol('REDIS');

export function createRedis(url: string, name: string): Redis {
  // Fail fast instead of queueing commands forever while Redis is down.
  return new Redis(url, { connectionName: name, maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
}

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(CONFIG) readonly _config: AppConfig) {}
  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
