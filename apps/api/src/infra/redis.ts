import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { Drain } from './drain';
import { withTimeout } from './timeouts';

export const REDIS = Symbol('REDIS');

/**
 * Reconnect delays while the node runs; none once it is stopping. A client that cannot reconnect
 * then ends, and the commands queued on it fail at once instead of waiting for a Redis that may
 * never come back (what held stopping nodes for ever). Used by every ioredis client, BullMQ's too.
 */
export function reconnectUnlessStopping(drain: Drain | undefined) {
  return (attempt: number): number | null => (drain?.draining ? null : Math.min(attempt * 200, 2000));
}

export function createRedis(url: string, name: string, drain?: Drain): Redis {
  // Fail fast instead of queueing commands forever while Redis is down.
  const redis = new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
    retryStrategy: reconnectUnlessStopping(drain),
  });
  // Outages are handled where commands fail (fallbacks, fail modes); log, never crash.
  let last = 0;
  redis.on('error', (e: Error) => {
    if (Date.now() - last > 10_000) console.error(`Redis connection error: ${e.message}`);
    last = Date.now();
  });
  return redis;
}

/**
 * Closes a client without waiting on Redis for long: QUIT (replies still in flight arrive) when
 * connected, else a disconnect, which also stops it reconnecting. QUIT on a client that is
 * reconnecting with commands queued would wait for as long as Redis stays away.
 */
export async function closeRedis(client: Redis, timeoutMs = 1000): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    const quit = await withTimeout(client.quit(), timeoutMs, 'Redis QUIT').then(
      () => true,
      () => false,
    );
    if (quit) return;
  }
  client.disconnect();
}

@Injectable()
export class RedisLifecycle implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  async onApplicationShutdown(): Promise<void> {
    await closeRedis(this.redis);
  }
}
