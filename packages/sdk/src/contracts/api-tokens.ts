import { z } from 'zod';
import { IdSchema, NameSchema, TimestampSchema } from './common.js';

/** API tokens act as admin or auditor; never as owner (owners manage people, tokens don't). */
export const ApiTokenRole = z.enum(['admin', 'auditor']);

export const ApiToken = z.object({
  id: IdSchema,
  name: z.string(),
  prefix: z.string(),
  role: ApiTokenRole,
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ApiToken = z.infer<typeof ApiToken>;
export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

export const CreateApiTokenRequest = z.strictObject({
  name: NameSchema,
  role: ApiTokenRole,
  /** Every token expires: a forgotten automation credential must not live for ever. */
  expiresInDays: z.number().int().min(1).max(365).default(90),
});
export type CreateApiTokenRequest = z.input<typeof CreateApiTokenRequest>;
/** `token` is shown once, here, and never again. */
export const CreatedApiToken = z.object({ apiToken: ApiToken, token: z.string() });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
