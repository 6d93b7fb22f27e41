// People's MCP hosts, as the tenant's admins and the people themselves manage them: clients,
// member grants, consents, pending authorizations. The OAuth side is OAuthModule's.
import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { OAuthModule } from '../oauth/oauth.module';
import { AuthorizationsService } from './authorizations.service';
import { ConsentsService } from './consents.service';
import { MemberGrantsService } from './member-grants.service';
import { OAuthClientsService } from './oauth-clients.service';
import { PeopleAdminController } from './people-admin.controller';
import { PersonalController } from './personal.controller';

@Module({
  imports: [AuditModule, OAuthModule],
  controllers: [PersonalController, PeopleAdminController],
  providers: [AuthorizationsService, ConsentsService, MemberGrantsService, OAuthClientsService],
})
export class PeopleModule {}
