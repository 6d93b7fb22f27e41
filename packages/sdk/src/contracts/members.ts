import { z } from 'zod';
import { EmailSchema, IdSchema, NameSchema, PasswordSchema, RoleSchema, TimestampSchema } from './common.js';

export const Member = z.object({
  id: IdSchema,
  userId: IdSchema,
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
  createdAt: TimestampSchema,
});
export type Member = z.infer<typeof Member>;
export const MemberList = z.object({ items: z.array(Member) });
export type MemberList = z.infer<typeof MemberList>;

export const ChangeRoleRequest = z.strictObject({ role: RoleSchema });

export const Invitation = z.object({
  id: IdSchema,
  email: z.string(),
  role: RoleSchema,
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema,
  status: z.enum(['pending', 'accepted', 'expired', 'revoked']),
});
export type Invitation = z.infer<typeof Invitation>;
export const InvitationList = z.object({ items: z.array(Invitation) });
export type InvitationList = z.infer<typeof InvitationList>;

export const CreateInvitationRequest = z.strictObject({
  email: EmailSchema,
  role: RoleSchema,
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 14)
    .default(72),
});
export type CreateInvitationRequest = z.input<typeof CreateInvitationRequest>;
/** The link carries the token in its fragment, so it never reaches a server log. */
export const CreatedInvitation = z.object({
  invitation: Invitation,
  link: z.string(),
  /** The link also went to the invitee by e-mail (when e-mail is configured). */
  emailed: z.boolean(),
});
export type CreatedInvitation = z.infer<typeof CreatedInvitation>;

export const InvitationTokenRequest = z.strictObject({ token: z.string().min(10).max(200) });
export const InvitationPreview = z.object({
  tenantName: z.string(),
  email: z.string(),
  role: RoleSchema,
  expiresAt: TimestampSchema,
  accountExists: z.boolean(),
});
export type InvitationPreview = z.infer<typeof InvitationPreview>;
export const AcceptInvitationRequest = z.strictObject({
  token: z.string().min(10).max(200),
  name: NameSchema.optional(),
  password: PasswordSchema.optional(),
});
export type AcceptInvitationRequest = z.input<typeof AcceptInvitationRequest>;
