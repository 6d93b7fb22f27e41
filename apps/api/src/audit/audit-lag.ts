// How far the trail is behind: the age of the oldest event not yet in the chain, wherever it
// waits (this node's buffer, the audit queue, this node's spool). Read by /readyz and /metrics.
import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { PLATFORM_DB, PlatformDb } from '../infra/database';
import { APPEND_AUDIT_JOB, AUDIT_QUEUE } from '../queue/queues';
import { AuditMetrics } from './audit-metrics';
import { AuditService } from './audit.service';

// Redis or the database may be down while someone asks: never wait on them for long.
const ASK_MS = 1000;
const within = <T>(p: Promise<T>, fallback: T) =>
  Promise.race([
    p.catch(() => fallback),
    new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ASK_MS).unref()),
  ]);

@Injectable()
export class AuditLag implements OnApplicationBootstrap {
  constructor(
    private readonly audit: AuditService,
    @InjectQueue(AUDIT_QUEUE) private readonly queue: Queue,
    @Inject(PLATFORM_DB) private readonly db: PlatformDb,
    private readonly metrics: AuditMetrics,
  ) {}

  onApplicationBootstrap(): void {
    this.metrics.register({
      lagSeconds: () => this.seconds(),
      spool: () => this.audit.spooled.size(),
      deadDeliveries: () => within(this.db.auditDelivery.count({ where: { status: 'dead' } }), 0),
    });
  }

  /** Seconds since the oldest event not yet in the chain was recorded; 0 when none waits. */
  async seconds(now = Date.now()): Promise<number> {
    const times = [
      this.audit.oldestHeld(),
      this.audit.spooled.oldestEventTime(),
      await within(this.oldestQueued(), undefined),
    ];
    const oldest = Math.min(...times.filter((t): t is number => t !== undefined));
    return Number.isFinite(oldest) ? Math.max(0, (now - oldest) / 1000) : 0;
  }

  /** When the oldest append job still in the queue (waiting, retrying, or failed for good) was added. */
  private async oldestQueued(): Promise<number | undefined> {
    const jobs = await this.queue.getJobs(
      ['wait', 'active', 'delayed', 'prioritized', 'paused', 'failed'],
      0,
      49,
      true,
    );
    const times = jobs.filter((j) => j?.name === APPEND_AUDIT_JOB).map((j) => j.timestamp);
    return times.length > 0 ? Math.min(...times) : undefined;
  }
}
