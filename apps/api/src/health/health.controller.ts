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
import { withTimeout } from '../infra/timeouts';
import { Drain } from '../lifecycle/drain';
import { MAINTENANCE_QUEUE } from '../queue/queues';

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    @Inject(DB) private readonly db: Db,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: Metrics,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
    private readonly drain: Drain,
  ) {}

  /** The process is up. */
  @Get('healthz')
  @Access('public')
  health() {
    return { status: 'ok' };
  }

  /** The process can serve: database and Redis answer, and it is not shutting down (a load balancer drains it at once). */
  @Get('readyz')
  @Access('public')
  async ready(@Res() reply: FastifyReply) {
    if (this.drain.draining) {
      void reply.status(503).send({ status: 'draining' });
      return;
    }
    const [database, redis] = await Promise.all([
      withTimeout(this.db.$queryRaw`SELECT 1`, 2000).then(() => 'ok', () => 'unreachable'),
      withTimeout(this.redis.ping(), 2000).then(() => 'ok', () => 'unreachable'),
    ]);
    const ok = database === 'ok' && redis === 'ok';
    void reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database, redis } });
  }

  @Get('metrics')
  @Access('public')
  async scrape(@Res() reply: FastifyReply) {
    const counts = await withTimeout(this.maintenance.getJobCounts(), 1000).catch(() => ({}));
    for (const [state, n] of Object.entries(counts)) this.metrics.queueDepth.set({ queue: MAINTENANCE_QUEUE, state }, n);
    void reply.header('Content-Type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
