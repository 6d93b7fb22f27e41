import { z } from 'zod';
import { IdSchema, NameSchema, TimestampSchema } from './common.js';

export const ClientRegistrationSchema = z.enum(['open', 'approval', 'off']);
export type ClientRegistration = z.infer<typeof ClientRegistrationSchema>;

const timeZones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));
export const TimeZoneSchema = z.string().refine((tz) => timeZones.has(tz), 'Unknown IANA time zone.');

export const Tenant = z.object({
  id: IdSchema,
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  /** Whether MCP hosts may register themselves: open, after an admin's approval, or not at all. */
  clientRegistration: ClientRegistrationSchema,
  /** A person's refresh token ends after this many days unused, and this many days after sign-in at most. */
  refreshIdleDays: z.number().int(),
  refreshMaxDays: z.number().int(),
  createdAt: TimestampSchema,
});
export type Tenant = z.infer<typeof Tenant>;

export const UpdateTenantRequest = z.strictObject({
  name: NameSchema.optional(),
  timeZone: TimeZoneSchema.optional(),
  clientRegistration: ClientRegistrationSchema.optional(),
  refreshIdleDays: z.number().int().min(1, 'At least 1 day.').max(365, 'At most 365 days.').optional(),
  refreshMaxDays: z.number().int().min(1, 'At least 1 day.').max(730, 'At most 730 days.').optional(),
});
export type UpdateTenantRequest = z.input<typeof UpdateTenantRequest>;
