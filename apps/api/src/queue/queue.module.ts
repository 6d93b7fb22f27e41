import { DynamicModule, Module } from '@nestjs/common';
import { BullModule } from '@nestjs/bullmq';
import { AppConfig, CONFIG } from '../config/config';
import { ALL_QUEUES } from './queues';
import { QueueErrors } from './queue-errors';

/** The BullMQ connection and every queue; processors are registered where they are used. */
@Module({})
export class QueueModule {
  static register(): DynamicModule {
    const queues = BullModule.registerQueue(...ALL_QUEUES.map((name) => ({ name })));
    return {
      module: QueueModule,
      global: true,
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
      providers: [QueueErrors],
      exports: [queues],
    };
  }
}
