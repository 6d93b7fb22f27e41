import { z } from 'zod';
import { IdSchema, NameSchema, TimestampSchema } from './common.js';

const timeZones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));
export const TimeZoneSchema = z.string().refine((tz) => timeZones.has(tz), 'Unknown IANA time zone.');

export const Tenant = z.object({
  id: IdSchema,
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  createdAt: TimestampSchema,
});
export type Tenant = z.infer<typeof Tenant>;

export const UpdateTenantRequest = z.strictObject({ name: NameSchema.optional(), timeZone: TimeZoneSchema.optional() });
