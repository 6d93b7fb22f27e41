// The policy: common fields plus a `kind` and that kind's `config`, one zod schema per kind.
import { z } from 'zod';
import { baseFields } from './common';
import { guardrailConfigSchema } from './guardrail';
import { quotaConfigSchema, rateLimitConfigSchema } from './limits';
import { geoConfigSchema, ipConfigSchema } from './network';
import { timeWindowConfigSchema } from './time-window';

export const rateLimitPolicySchema = z.strictObject({
  ...baseFields,
  kind: z.literal('rate_limit'),
  config: rateLimitConfigSchema,
});
export const quotaPolicySchema = z.strictObject({
  ...baseFields,
  kind: z.literal('quota'),
  config: quotaConfigSchema,
});
export const ipPolicySchema = z.strictObject({
  ...baseFields,
  kind: z.literal('ip'),
  config: ipConfigSchema,
});
export const geoPolicySchema = z.strictObject({
  ...baseFields,
  kind: z.literal('geo'),
  config: geoConfigSchema,
});
export const timeWindowPolicySchema = z.strictObject({
  ...baseFields,
  kind: z.literal('time_window'),
  config: timeWindowConfigSchema,
});
export const guardrailPolicySchema = z.strictObject({
  ...baseFields,
  kind: z.literal('guardrail'),
  config: guardrailConfigSchema,
});

export const policyKinds = ['rate_limit', 'quota', 'ip', 'geo', 'time_window', 'guardrail'] as const;
export type PolicyKind = (typeof policyKinds)[number];

export const policySchema = z.discriminatedUnion(
  'kind',
  [
    rateLimitPolicySchema,
    quotaPolicySchema,
    ipPolicySchema,
    geoPolicySchema,
    timeWindowPolicySchema,
    guardrailPolicySchema,
  ],
  { error: `kind must be one of ${policyKinds.join(', ')}` },
);

/** A validated policy (defaults applied). */
export type Policy = z.output<typeof policySchema>;
/** What a client may send: defaults (mode, priority, enabled, target) may be left out. */
export type PolicyInput = z.input<typeof policySchema>;

export type RateLimitPolicy = Extract<Policy, { kind: 'rate_limit' }>;
export type QuotaPolicy = Extract<Policy, { kind: 'quota' }>;
export type IpPolicy = Extract<Policy, { kind: 'ip' }>;
export type GeoPolicy = Extract<Policy, { kind: 'geo' }>;
export type TimeWindowPolicy = Extract<Policy, { kind: 'time_window' }>;
export type GuardrailPolicy = Extract<Policy, { kind: 'guardrail' }>;

/** Config schema per kind, for validating a config on its own (e.g. a form field). */
export const policyConfigSchemas = {
  rate_limit: rateLimitConfigSchema,
  quota: quotaConfigSchema,
  ip: ipConfigSchema,
  geo: geoConfigSchema,
  time_window: timeWindowConfigSchema,
  guardrail: guardrailConfigSchema,
} as const;
