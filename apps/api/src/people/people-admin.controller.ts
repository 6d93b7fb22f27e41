// Admins' side of people's MCP hosts: the registered clients (approve, verify, disable,
// remove), every member's consents (revoke), and what members may use on each server.
import { Controller } from '@nestjs/common';
import { peopleRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { actorOf } from '../audit/audit.service';
import { Handles, In } from '../common/route/handles';
import { ConsentsService } from './consents.service';
import { MemberGrantsService } from './member-grants.service';
import { OAuthClientsService } from './oauth-clients.service';

@Controller()
export class PeopleAdminController {
  constructor(
    private readonly clients: OAuthClientsService,
    private readonly consents: ConsentsService,
    private readonly grants: MemberGrantsService,
  ) {}

  @Handles(r.clients)
  async listClients(@CurrentTenant() t: TenantContext) {
    return { items: await this.clients.list(t) };
  }

  @Handles(r.updateClient)
  updateClient(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.updateClient>) {
    return this.clients.update(t, params.id, body);
  }

  @Handles(r.removeClient)
  async removeClient(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.removeClient>) {
    await this.clients.remove(t, params.id);
  }

  @Handles(r.consents)
  async listConsents(@CurrentTenant() t: TenantContext) {
    return { items: await this.consents.listForTenant(t.tenantId) };
  }

  @Handles(r.revokeConsent)
  async revokeConsent(
    @CurrentTenant() t: TenantContext,
    @In() { params }: RouteInput<typeof r.revokeConsent>,
  ) {
    await this.consents.revokeInTenant(t.tenantId, params.id, actorOf(t.principal));
  }

  @Handles(r.memberGrants)
  async listGrants(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.memberGrants>) {
    return { items: await this.grants.list(t, params.id) };
  }

  /** Sets the grant of a role or of one member on this server (replacing theirs). */
  @Handles(r.putMemberGrant)
  putGrant(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.putMemberGrant>) {
    return this.grants.put(t, params.id, body);
  }

  @Handles(r.removeMemberGrant)
  async removeGrant(
    @CurrentTenant() t: TenantContext,
    @In() { params }: RouteInput<typeof r.removeMemberGrant>,
  ) {
    await this.grants.remove(t, params.id, params.grantId);
  }
}
