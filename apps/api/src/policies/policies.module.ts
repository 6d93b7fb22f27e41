import { Module, OnModuleInit } from '@nestjs/common';
import { BacktestResult } from '@portcullis/sdk';
import { AuditModule } from '../audit/audit.module';
import { JobRunners } from '../jobs/job-runners';
import { JobsModule } from '../jobs/jobs.module';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicyLab, type BacktestInput } from './policy-lab.service';
import { PolicyRuntime } from './policy-runtime';

@Module({
  imports: [AuditModule, JobsModule],
  controllers: [PoliciesController],
  providers: [PoliciesService, PolicyLab, PolicyRuntime],
  exports: [PolicyRuntime, PoliciesService],
})
export class PoliciesModule implements OnModuleInit {
  constructor(
    private readonly runners: JobRunners,
    private readonly lab: PolicyLab,
  ) {}

  onModuleInit(): void {
    this.runners.register('policy.backtest', async (tenantId, input, control) =>
      BacktestResult.parse(await this.lab.backtest(tenantId, input as BacktestInput, control)),
    );
  }
}
