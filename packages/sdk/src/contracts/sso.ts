import { z } from 'zod';
import { RoleSchema, TimestampSchema } from './common.js';

const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .regex(
    /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/,
    'A domain such as example.com.',
  );

/** A tenant's OpenID Connect identity provider (Okta, Entra ID, Google, Keycloak...). */
export const SsoConnectionView = z.object({
  issuer: z.string(),
  clientId: z.string(),
  /** The secret itself is never returned. */
  hasClientSecret: z.boolean(),
  allowedDomains: z.array(z.string()),
  defaultRole: RoleSchema,
  groupsClaim: z.string(),
  groupRoles: z.record(z.string(), RoleSchema),
  enabled: z.boolean(),
  ssoRequired: z.boolean(),
  /** Register this as the redirect URI at the identity provider. */
  redirectUri: z.string(),
  updatedAt: TimestampSchema,
});
export type SsoConnectionView = z.infer<typeof SsoConnectionView>;
export const SsoSettings = z.object({ connection: SsoConnectionView.nullable(), redirectUri: z.string() });
export type SsoSettings = z.infer<typeof SsoSettings>;

export const PutSsoConnectionRequest = z.strictObject({
  issuer: z.url().max(2048),
  clientId: z.string().min(1).max(255),
  /** Omit to keep the stored secret; null for a public client (PKCE only). */
  clientSecret: z.string().min(1).max(2048).nullable().optional(),
  allowedDomains: z.array(Domain).min(1, 'Name at least one e-mail domain.').max(50),
  defaultRole: RoleSchema.exclude(['owner']).default('auditor'),
  groupsClaim: z.string().min(1).max(100).default('groups'),
  // Never owner: an identity provider's group must not hand out the keys to the tenant.
  groupRoles: z.record(z.string().min(1).max(200), RoleSchema.exclude(['owner'])).default({}),
  enabled: z.boolean().default(true),
  ssoRequired: z.boolean().default(false),
});
export type PutSsoConnectionRequest = z.input<typeof PutSsoConnectionRequest>;

/**
 * Where single sign-on starts: the tenant's slug and the console path to come back to. A
 * navigation: anything unusable is told on the sign-in page, never answered as a 400, so neither
 * field fails here (the handler checks the slug; `next` falls back to the console's home).
 */
export const SsoStartQuery = z.object({
  tenant: z.string().optional().catch(undefined),
  next: z.string().optional().catch(undefined),
});
