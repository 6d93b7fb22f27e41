import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, CONFIG } from '../config/config';
import type { Redis } from 'ioredis';
import { Access } from '../common/access';
import { DatabaseProbe } from '../infra/database';
import { REDIS } from '../infra/redis';
import { Metrics } from '../infra/metrics';
import { withTimeout } from '../infra/timeouts';
import { Drain } from '../infra/drain';
import { MAINTENANCE_QUEUE } from '../queue/queues';
import { AuditLag } from '../audit/audit-lag';

@Controller()
export class HealthController {
  constructor(
    private readonly database: DatabaseProbe,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly metrics: Metrics,
    @InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue,
    private readonly auditLag: AuditLag,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly drain: Drain,
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

  /**
   * The process can serve: the database answers (503 otherwise). Redis away or an audit trail
   * behind by more than AUDIT_READY_MAX_LAG_SEC is reported as `degraded`, not as unready: both
   * are shared by every node, and taking every node out of the load balancer would turn them into
   * an outage (calls are still recorded: queued, written directly or spooled). Alert on the body
   * or on the audit_lag_seconds metric.
   */
  @Get('readyz')
  @Access('public')
  async ready(@Res() reply: FastifyReply) {
    // Shutting down: a load balancer drains the node at once.
    if (this.drain.draining) {
      void reply.status(503).send({ status: 'draining' });
      return;
    }
    const [database, redis, lag] = await Promise.all([
      withTimeout(this.database.reachable(), 2000).then(
        (up) => (up ? 'ok' : 'unreachable'),
        () => 'unreachable',
      ),
      withTimeout(this.redis.ping(), 2000).then(
        () => 'ok',
        () => 'unreachable',
      ),
      this.auditLag.seconds(),
    ]);
    const auditTrail = lag > this.config.AUDIT_READY_MAX_LAG_SEC ? 'behind' : 'ok';
    const status =
      database !== 'ok' ? 'unavailable' : redis !== 'ok' || auditTrail !== 'ok' ? 'degraded' : 'ok';
    void reply
      .status(status === 'unavailable' ? 503 : 200)
      .send({ status, checks: { database, redis, auditTrail }, auditLagSeconds: Math.round(lag * 10) / 10 });
  }

  @Get('metrics')
  @Access('public')
  async scrape(@Req() req: FastifyRequest, @Res() reply: FastifyReply) {
    if (!this.config.METRICS_TOKEN)
      return void reply.status(404).send({ status: 404, detail: 'Metrics are off: set METRICS_TOKEN.' });
    if (!this.scrapeAllowed(req))
      return void reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send({ status: 401, detail: 'Send METRICS_TOKEN as a bearer token.' });
    const counts = await withTimeout(this.maintenance.getJobCounts(), 1000).catch(() => ({}));
    for (const [state, n] of Object.entries(counts))
      this.metrics.queueDepth.set({ queue: MAINTENANCE_QUEUE, state }, n);
    void reply
      .header('Content-Type', this.metrics.registry.contentType)
      .send(await this.metrics.registry.metrics());
  }
}
