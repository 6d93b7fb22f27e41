// Admins' side of people's MCP hosts: the registered clients (approve, verify, disable,
// remove), every member's consents (revoke), and what members may use on each server.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  ConsentList, MemberGrant, MemberGrantList, OAuthClientList, OAuthClientView, PutMemberGrantRequest, UpdateOAuthClientRequest,
} from '@portcullis/sdk';
import { assertUuid } from '../common/ids';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { actorOf } from '../audit/audit.service';
import { ConsentsService } from './consents.service';
import { MemberGrantsService } from './member-grants.service';
import { OAuthClientsService } from './oauth-clients.service';

class OAuthClientListDto extends createZodDto(OAuthClientList) {}
class OAuthClientViewDto extends createZodDto(OAuthClientView) {}
class UpdateOAuthClientDto extends createZodDto(UpdateOAuthClientRequest) {}
class ConsentListDto extends createZodDto(ConsentList) {}
class MemberGrantDto extends createZodDto(MemberGrant) {}
class MemberGrantListDto extends createZodDto(MemberGrantList) {}
class PutMemberGrantDto extends createZodDto(PutMemberGrantRequest) {}

@ApiTags('people')
@Controller('api/v1')
export class PeopleAdminController {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly consents: ConsentsService,
    private readonly grants: MemberGrantsService,
  ) {}

  @Get('oauth-clients')
  @Access('read')
  @ZodResponse({ type: OAuthClientListDto })
  async listClients(@CurrentTenant() t: TenantContext) {
    return { items: await this.clients.list(t) };
  }

  @Patch('oauth-clients/:id')
  @Access('write')
  @ZodResponse({ type: OAuthClientViewDto })
  updateClient(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: UpdateOAuthClientDto) {
    assertUuid(id, 'Client');
    return this.clients.update(t, id, body);
  }

  @Delete('oauth-clients/:id')
  @Access('write')
  @HttpCode(204)
  async removeClient(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Client');
    await this.clients.remove(t, id);
  }

  @Get('consents')
  @Access('read')
  @ZodResponse({ type: ConsentListDto })
  async listConsents(@CurrentTenant() t: TenantContext) {
    return { items: await this.consents.listForTenant(t.tenantId) };
  }

  @Delete('consents/:id')
  @Access('write')
  @HttpCode(204)
  async revokeConsent(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Consent');
    await this.consents.revokeInTenant(t.tenantId, id, actorOf(t.principal));
  }

  @Get('servers/:id/member-grants')
  @Access('read')
  @ZodResponse({ type: MemberGrantListDto })
  async listGrants(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Server');
    return { items: await this.grants.list(t, id) };
  }

  /** Sets the grant of a role or of one member on this server (replacing theirs). */
  @Put('servers/:id/member-grants')
  @Access('write')
  @ZodResponse({ type: MemberGrantDto })
  putGrant(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: PutMemberGrantDto) {
    assertUuid(id, 'Server');
    return this.grants.put(t, id, body as Required<typeof body>);
  }

  @Delete('servers/:id/member-grants/:grantId')
  @Access('write')
  @HttpCode(204)
  async removeGrant(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('grantId') grantId: string) {
    assertUuid(id, 'Server');
    assertUuid(grantId, 'Grant');
    await this.grants.remove(t, id, grantId);
  }
}
