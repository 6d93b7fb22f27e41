// Every shape the console reads or sends comes from the SDK's zod contracts, the same ones the
// API validates with. Types only: nothing here reaches the browser bundle.
import type { z } from 'zod';
import type {
  AcceptInvitationRequest,
  ApiTokenList,
  CreatedApiToken,
  CreatedInvitation,
  InvitationList,
  InvitationPreview,
  MemberList,
  SessionList,
  UpdateTenantRequest,
} from '@portcullis/sdk';

export type {
  ApiToken,
  CreateApiTokenRequest,
  CreateInvitationRequest,
  CreateTenantRequest,
  Invitation,
  Member,
  Role,
  SessionInfo,
  SessionResponse,
  SignInRequest,
  SignUpRequest,
  Tenant,
  TenantSummary,
} from '@portcullis/sdk';

export type InvitationPreview = z.infer<typeof InvitationPreview>;
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
export type AcceptInvitationRequest = z.input<typeof AcceptInvitationRequest>;
export type UpdateTenantRequest = z.input<typeof UpdateTenantRequest>;
export type MemberList = z.infer<typeof MemberList>;
export type InvitationList = z.infer<typeof InvitationList>;
export type ApiTokenList = z.infer<typeof ApiTokenList>;
export type SessionList = z.infer<typeof SessionList>;
