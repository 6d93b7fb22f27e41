import { DynamicModule, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { BullModule, InjectQueue } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import { AppConfig, CONFIG } from '../config/config';
import { MaintenanceProcessor } from './maintenance.processor';
import { MAINTENANCE_QUEUE, PURGE_SESSIONS_JOB } from './queues';

@Injectable()
class Schedules implements OnApplicationBootstrap {
  constructor(@InjectQueue(MAINTENANCE_QUEUE) private readonly maintenance: Queue) {}
  async onApplicationBootstrap(): Promise<void> {
    // Idempotent: upserting the scheduler keeps one schedule however many nodes start.
    await this.maintenance.upsertJobScheduler('hourly-purge', { every: 3600_000 }, { name: PURGE_SESSIONS_JOB });
  }
}

/** Queues everywhere; processors only where this process runs the worker. */
@Module({})
export class QueueModule {
  static register(runWorker: boolean): DynamicModule {
    const queues = BullModule.registerQueue({ name: MAINTENANCE_QUEUE });
    return {
      module: QueueModule,
      imports: [
        BullModule.forRootAsync({
          inject: [CONFIG],
          useFactory: (config: AppConfig) => ({
            connection: { url: config.REDIS_URL, maxRetriesPerRequest: null },
            prefix: `${config.REDIS_PREFIX}:bull`,
          }),
        }),
        queues,
      ],
      providers: runWorker ? [MaintenanceProcessor, Schedules] : [],
      exports: [queues],
    };
  }
}

