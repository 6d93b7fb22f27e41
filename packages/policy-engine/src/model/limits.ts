// Configuration of rate limits (GCRA: a rate with a burst) and calendar quotas.
import { z } from 'zod';
import { limitScopes, requiredInt } from './common';

const scope = z.enum(limitScopes, { error: `must be one of ${limitScopes.join(', ')}` });

export const rateLimitConfigSchema = z.strictObject({
  /** Requests allowed per window at the sustained rate. */
  limit: requiredInt().min(1, 'must be at least 1').max(1_000_000_000),
  windowSec: requiredInt()
    .min(1, 'must be at least 1 second')
    .max(31 * 86_400, 'must be 31 days or less'),
  /** How many requests may arrive at once (the bucket size). */
  burst: requiredInt().min(1, 'must be at least 1').max(1_000_000_000),
  per: scope,
  /** A strict limit fails closed when the counter store is unreachable (unless failMode says otherwise). */
  strict: z.boolean().optional(),
});
export type RateLimitConfig = z.output<typeof rateLimitConfigSchema>;

export const quotaPeriods = ['day', 'month'] as const;
export type QuotaPeriod = (typeof quotaPeriods)[number];

export const quotaConfigSchema = z.strictObject({
  limit: requiredInt().min(1, 'must be at least 1').max(1_000_000_000_000),
  /** Calendar day or month in the policy's time zone (the tenant's). */
  period: z.enum(quotaPeriods, { error: "must be 'day' or 'month'" }),
  per: scope,
});
export type QuotaConfig = z.output<typeof quotaConfigSchema>;
