// Governance as code (issue 16): export, plan and apply a tenant's governance as a document,
// through the same services (their checks, their audit events) as the features' own routes.
import { Module } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { AuditModule } from '../audit/audit.module';
import { PoliciesModule } from '../policies/policies.module';
import { ServersModule } from '../servers/servers.module';
import { GovernanceController } from './governance.controller';
import { GovernanceService } from './governance.service';

@Module({
  imports: [ServersModule, AgentsModule, PoliciesModule, AuditModule],
  controllers: [GovernanceController],
  providers: [GovernanceService],
})
export class GovernanceModule {}
