import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { ServersController } from './servers.controller';
import { ServersService } from './servers.service';
import { SyncProcessor } from './sync.processor';

@Module({
  imports: [AuditModule],
  controllers: [ServersController],
  providers: [ServersService],
  exports: [ServersService],
})
export class ServersModule {}

/** The worker's part: tool discovery of one server, or of all on schedule. */
@Module({ imports: [AuditModule, ServersModule], providers: [SyncProcessor] })
export class ServersWorkerModule {}
