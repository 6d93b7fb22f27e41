// Writing the audit trail (record in the caller's transaction, emit in batches), its sinks, and
// the lag it reports. Reading and proving the trail is AuditTrailModule's.
import { Module } from '@nestjs/common';
import { AuditAppender } from './audit-append';
import { AuditLag } from './audit-lag';
import { AuditMetrics } from './audit-metrics';
import { AuditRelay } from './audit-relay';
import { AuditService } from './audit.service';
import { SinkDelivery } from './sink-delivery.service';
import { SinksController } from './sinks.controller';
import { SinksProcessor } from './sinks.processor';
import { SinksService } from './sinks.service';

@Module({
  controllers: [SinksController],
  providers: [AuditService, AuditAppender, AuditMetrics, AuditLag, SinkDelivery, SinksService],
  exports: [AuditService, AuditLag, SinkDelivery, SinksService],
})
export class AuditModule {}

/** The worker's part: sink deliveries, and the relay of what the outbox still holds. */
@Module({ imports: [AuditModule], providers: [SinksProcessor, AuditRelay] })
export class AuditWorkerModule {}
