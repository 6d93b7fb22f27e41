import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { Db } from '@portcullis/db';
import { Access } from '../auth/access';
import { DB } from '../infra/database';
import { REDIS } from '../infra/redis';
import { Metrics } from '../infra/metrics';
import { MAINTENANCE_QUEUE } from '../queue/queues';

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: Metrics,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
  ) {}

  /** The process is up. */
  @Get('healthz')
  @Access('public')
  health() {
    return { status: 'ok' };
  }

  /** The process can serve: the database answers (503 otherwise); Redis is reported, `degraded` when away. */
  @Get('readyz')
  @Access('public')
  async ready(@Res() reply: FastifyReply) {
    const [database, redis] = await Promise.all([
      withTimeout(this.db.$queryRaw`SELECT 1`, 2000).then(() => 'ok', () => 'unreachable'),
      withTimeout(this.redis.ping(), 2000).then(() => 'ok', () => 'unreachable'),
    ]);
    // Without Redis a node still serves (caches read through to the database, documented fail
    // modes elsewhere): keep it in the load balancer, say it is degraded. Without the database it cannot.
    const status = database !== 'ok' ? 'unavailable' : redis !== 'ok' ? 'degraded' : 'ok';
    void reply.status(status === 'unavailable' ? 503 : 200).send({ status, checks: { database, redis } });
  }

  @Get('metrics')
  @Access('public')
  async scrape(@Res() reply: FastifyReply) {
    const counts = await withTimeout(this.maintenance.getJobCounts(), 1000).catch(() => ({}));
    for (const [state, n] of Object.entries(counts)) this.metrics.queueDepth.set({ queue: MAINTENANCE_QUEUE, state }, n);
    void reply.header('Content-Type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
