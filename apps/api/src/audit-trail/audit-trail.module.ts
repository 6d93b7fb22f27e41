// Reading and proving the audit trail: search, statistics, export, chain verification against
// signed checkpoints, and retention.
import { Module, OnModuleInit } from '@nestjs/common';
import { AuditVerifyResult } from '@portcullis/sdk';
import { AuditModule } from '../audit/audit.module';
import { JobRunners } from '../jobs/job-runners';
import { JobsModule } from '../jobs/jobs.module';
import { SigningKeysModule } from '../oauth/signing-keys.module';
import { AuditSearch } from './audit-search.service';
import { AuditStatsService } from './audit-stats.service';
import { AuditTrailService } from './audit-trail.service';
import { AuditController } from './audit.controller';
import { AuditProcessor } from './audit.processor';

@Module({
  imports: [AuditModule, JobsModule, SigningKeysModule],
  controllers: [AuditController],
  providers: [AuditTrailService, AuditSearch, AuditStatsService],
  exports: [AuditTrailService],
})
export class AuditTrailModule implements OnModuleInit {
  constructor(
    private readonly runners: JobRunners,
    private readonly trail: AuditTrailService,
  ) {}

  onModuleInit(): void {
    this.runners.register('audit.verify', async (tenantId, _input, control) =>
      AuditVerifyResult.parse(await this.trail.verify(tenantId, control)),
    );
  }
}

/** The worker's part: queued appends, checkpoints and retention. */
@Module({ imports: [AuditModule, AuditTrailModule], providers: [AuditProcessor] })
export class AuditTrailWorkerModule {}
