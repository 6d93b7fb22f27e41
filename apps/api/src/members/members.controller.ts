import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  ChangeRoleRequest, CreateInvitationRequest, CreatedInvitation, Invitation, InvitationList, Member, MemberList,
} from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { assertUuid } from '../common/ids';
import { MembersService } from './members.service';

class ChangeRoleDto extends createZodDto(ChangeRoleRequest) {}
class CreateInvitationDto extends createZodDto(CreateInvitationRequest) {}
class CreatedInvitationDto extends createZodDto(CreatedInvitation) {}
class InvitationDto extends createZodDto(Invitation) {}
class InvitationListDto extends createZodDto(InvitationList) {}
class MemberDto extends createZodDto(Member) {}
class MemberListDto extends createZodDto(MemberList) {}

@ApiTags('members')
@Controller('api/v1')
export class MembersController {
  constructor(private readonly members: MembersService) {}

  @Get('members')
  @Access('read')
  @ZodResponse({ type: MemberListDto })
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.members.list(t) };
  }

  @Patch('members/:id')
  @Access('owner')
  @ZodResponse({ type: MemberDto })
  changeRole(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: ChangeRoleDto) {
    assertUuid(id, 'Member');
    return this.members.changeRole(t, id, body.role);
  }

  @Delete('members/:id')
  @Access('owner')
  @HttpCode(204)
  async remove(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Member');
    await this.members.remove(t, id);
  }

  @Get('invitations')
  @Access('read')
  @ZodResponse({ type: InvitationListDto })
  async invitations(@CurrentTenant() t: TenantContext) {
    return { items: await this.members.listInvitations(t) };
  }

  @Post('invitations')
  @Access('owner')
  @ZodResponse({ status: 201, type: CreatedInvitationDto })
  invite(@CurrentTenant() t: TenantContext, @Body() body: CreateInvitationDto) {
    return this.members.invite(t, body as Required<typeof body>);
  }

  @Delete('invitations/:id')
  @Access('owner')
  @HttpCode(200)
  @ZodResponse({ type: InvitationDto })
  revokeInvitation(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Invitation');
    return this.members.revokeInvitation(t, id);
  }
}
