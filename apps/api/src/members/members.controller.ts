import { Controller } from '@nestjs/common';
import { memberRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { MembersService } from './members.service';

@Controller()
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.members.list(t) };
  }

  @Handles(r.changeRole)
  changeRole(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.changeRole>) {
    return this.members.changeRole(t, params.id, body.role);
  }

  @Handles(r.remove)
  async remove(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.remove>) {
    await this.members.remove(t, params.id);
  }

  @Handles(r.invitations)
  async invitations(@CurrentTenant() t: TenantContext) {
    return { items: await this.members.listInvitations(t) };
  }

  @Handles(r.invite)
  invite(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.invite>) {
    return this.members.invite(t, body);
  }

  @Handles(r.revokeInvitation)
  revokeInvitation(
    @CurrentTenant() t: TenantContext,
    @In() { params }: RouteInput<typeof r.revokeInvitation>,
  ) {
    return this.members.revokeInvitation(t, params.id);
  }
}
