import { z } from 'zod';
import { EmailSchema, IdSchema, NameSchema, PasswordSchema, RoleSchema, SlugSchema, TimestampSchema } from './common.js';

export const SignUpRequest = z.strictObject({
  email: EmailSchema,
  password: PasswordSchema,
  name: NameSchema,
  tenantName: NameSchema,
  tenantSlug: SlugSchema,
});
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const SignInRequest = z.strictObject({ email: EmailSchema, password: PasswordSchema });
export type SignInRequest = z.infer<typeof SignInRequest>;

export const TenantSummary = z.object({ id: IdSchema, slug: z.string(), name: z.string(), role: RoleSchema });
export type TenantSummary = z.infer<typeof TenantSummary>;

export const SessionResponse = z.object({
  user: z.object({ id: IdSchema, email: z.string(), name: z.string() }),
  tenant: TenantSummary.nullable(),
  tenants: z.array(TenantSummary),
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof SessionResponse>;

export const SwitchTenantRequest = z.strictObject({ tenantId: IdSchema });

export const CreateTenantRequest = z.strictObject({ name: NameSchema, slug: SlugSchema });
export type CreateTenantRequest = z.infer<typeof CreateTenantRequest>;

export const SessionInfo = z.object({
  id: IdSchema,
  current: z.boolean(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  createdAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
  expiresAt: TimestampSchema,
});
export type SessionInfo = z.infer<typeof SessionInfo>;
export const SessionList = z.object({ items: z.array(SessionInfo) });
