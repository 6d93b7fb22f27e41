import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AgentsController } from './agents.controller';
import { AgentsService } from './agents.service';
import { CredentialsService } from './credentials.service';

@Module({
  imports: [AuditModule],
  controllers: [AgentsController],
  providers: [AgentsService, CredentialsService],
  exports: [AgentsService],
})
export class AgentsModule {}
