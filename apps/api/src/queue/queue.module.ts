import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig, CONFIG } from '../config/config';
import { reconnectUnlessStopping } from '../infra/redis';
import { Drain } from '../infra/drain';
import { ALL_QUEUES } from './queues';
import { QueueErrors } from './queue-errors';
import { WorkerFleet } from './worker-fleet';
import { Schedules } from './schedules';

/** The BullMQ connection and every queue; processors are registered where they are used. */
@Module({})
export class QueueModule {
  static register(): DynamicModule {
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return {
      module: QueueModule,
      global: true,
      imports: [
        DiscoveryModule,
        BullModule.forRootAsync({
          inject: [CONFIG, Drain],
          useFactory: (config: AppConfig, drain: Drain) => ({
            // Commands wait through a Redis restart while the node runs (BullMQ's advice for
            // workers), but a stopping node stops reconnecting, so nothing waits for ever then.
            connection: {
              url: config.REDIS_URL,
              maxRetriesPerRequest: null,
              retryStrategy: reconnectUnlessStopping(drain),
            },
            prefix: `${config.REDIS_PREFIX}:bull`,
          }),
        }),
        queues,
      ],
      providers: [QueueErrors, WorkerFleet],
      exports: [queues, WorkerFleet],
    };
  }
}

/** The worker's repeating jobs (one schedule however many nodes start). */
@Module({ providers: [Schedules] })
export class SchedulesWorkerModule {}
