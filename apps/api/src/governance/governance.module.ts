// Governance as code (issue 16): export, plan and apply a tenant's governance as a document.
import { Module } from '@nestjs/common';
import { GovernanceController } from './governance.controller';
import { GovernanceServices } from './governance-services';
import { GovernanceService } from './governance.service';

@Module({ controllers: [GovernanceController], providers: [GovernanceService, GovernanceServices] })
export class GovernanceModule {}
