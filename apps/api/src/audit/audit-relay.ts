// The relay, in processes that run the worker: at start and then every AUDIT_OUTBOX_RELAY_SEC,
// (1) sink deliveries still pending are handed to the queue again (a hand-off lost to a Redis
// outage or a crash between commit and hand-off), and (2) append jobs that failed for good (the
// database was down longer than their retries) are retried, so their events still get in.
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AppConfig, CONFIG } from '../config/config';
import { APPEND_AUDIT_JOB, AUDIT_QUEUE } from '../queue/queues';
import { SinkDelivery } from './sink-delivery.service';

@Injectable()
export class AuditRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('audit');
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly sinks: SinkDelivery,
    @InjectQueue(AUDIT_QUEUE) private readonly queue: Queue,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const tick = () => {
      void this.relay().finally(() => {
        if (!this.stopped) this.timer = setTimeout(tick, this.config.AUDIT_OUTBOX_RELAY_SEC * 1000).unref();
      });
    };
    tick();
  }

  /** Not awaited: a pass waiting out a Redis outage must not hold up the shutdown. */
  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** One pass; failures (Redis or the database down) wait for the next. */
  async relay(): Promise<void> {
    try {
      // Younger rows are still being handed off by the transaction that wrote them.
      const deliveries = await this.sinks.relayPending(5_000);
      let appends = 0;
      for (const job of await this.queue.getFailed(0, 499)) {
        if (job?.name !== APPEND_AUDIT_JOB) continue;
        await job.retry('failed');
        appends++;
      }
      if (deliveries + appends > 0)
        this.logger.log({ deliveries, appends }, 'audit relay handed pending work to the queue again');
    } catch (e) {
      this.logger.warn({ err: e }, 'audit relay failed; will retry');
    }
  }
}
