import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AUDIT_SINK_QUEUE } from '../queue/queues';
import { SinkDelivery } from './sink-delivery.service';
import { QueueWorker } from '../queue/queue-errors';

@Processor(AUDIT_SINK_QUEUE, { concurrency: 4 })
export class SinksProcessor extends QueueWorker {
  constructor(private readonly sinks: SinkDelivery) {
    super();
  }

  async process(job: Job<{ deliveryId: string }>): Promise<void> {
    const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.sinks.deliver(job.data.deliveryId, last);
  }
}
