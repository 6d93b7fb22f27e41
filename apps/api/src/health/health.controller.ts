import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, CONFIG } from '../config/config';
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
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  /** Only Prometheus, with METRICS_TOKEN: the figures map routes, traffic and queue depths. */
  private scrapeAllowed(req: FastifyRequest): boolean {
    const expected = Buffer.from(`Bearer ${this.config.METRICS_TOKEN}`);
    const sent = Buffer.from(req.headers.authorization ?? '');
    return sent.length === expected.length && timingSafeEqual(sent, expected);
  }

  /** The process is up. */
  @Get('healthz')
  @Access('public')
  health() {
    return { status: 'ok' };
  }

  /** The process can serve: database and Redis answer. */
  @Get('readyz')
  @Access('public')
  async ready(@Res() reply: FastifyReply) {
    const [database, redis] = await Promise.all([
      withTimeout(this.db.$queryRaw`SELECT 1`, 2000).then(() => 'ok', () => 'unreachable'),
      withTimeout(this.redis.ping(), 2000).then(() => 'ok', () => 'unreachable'),
    ]);
    const ok = database === 'ok' && redis === 'ok';
    void reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable', checks: { database, redis } });
  }

  @Get('metrics')
  @Access('public')
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.config.METRICS_TOKEN) return void reply.status(404).send({ status: 404, detail: 'Metrics are off: set METRICS_TOKEN.' });
    if (!this.scrapeAllowed(req)) return void reply.status(401).header('WWW-Authenticate', 'Bearer').send({ status: 401, detail: 'Send METRICS_TOKEN as a bearer token.' });
    const counts = await withTimeout(this.maintenance.getJobCounts(), 1000).catch(() => ({}));
    for (const [state, n] of Object.entries(counts)) this.metrics.queueDepth.set({ queue: MAINTENANCE_QUEUE, state }, n);
    void reply.header('Content-Type', this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
