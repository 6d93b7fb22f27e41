// The tenant's members and invitations; owners manage them.
import {
  ChangeRoleRequest,
  CreateInvitationRequest,
  CreatedInvitation,
  Invitation,
  InvitationList,
  Member,
  MemberList,
} from '../contracts/members.js';
import { idParam, route } from './route.js';

const tag = 'members';
const member = { id: idParam('Member') };

export const memberRoutes = {
  list: route({
    method: 'GET',
    path: '/api/v1/members',
    tag,
    access: 'read',
    summary: "The tenant's members and their roles",
    response: MemberList,
  }),
  changeRole: route({
    method: 'PATCH',
    path: '/api/v1/members/:id',
    tag,
    access: 'owner',
    summary: "Change a member's role (a tenant keeps at least one owner)",
    params: member,
    body: ChangeRoleRequest,
    response: Member,
    errors: [409],
    audit: { action: 'member.role_changed' },
  }),
  remove: route({
    method: 'DELETE',
    path: '/api/v1/members/:id',
    tag,
    access: 'owner',
    summary: 'Remove a member (their API tokens and MCP clients lose access at once)',
    params: member,
    errors: [409],
    audit: { action: 'member.removed' },
  }),
  invitations: route({
    method: 'GET',
    path: '/api/v1/invitations',
    tag,
    access: 'read',
    summary: "The tenant's invitations",
    response: InvitationList,
  }),
  invite: route({
    method: 'POST',
    path: '/api/v1/invitations',
    tag,
    access: 'owner',
    summary:
      'Invite someone with a role: a link shown in this response only (and e-mailed when e-mail is on)',
    body: CreateInvitationRequest,
    response: CreatedInvitation,
    errors: [409],
    audit: { action: 'member.invited' },
  }),
  revokeInvitation: route({
    method: 'DELETE',
    path: '/api/v1/invitations/:id',
    tag,
    access: 'owner',
    summary: 'Revoke an invitation (its link stops working at once)',
    params: { id: idParam('Invitation') },
    response: Invitation,
    status: 200,
    errors: [409],
    audit: { action: 'member.invitation_revoked' },
  }),
};
