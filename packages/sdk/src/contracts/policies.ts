import { z } from 'zod';
import {
  geoPolicySchema,
  guardrailPolicySchema,
  ipPolicySchema,
  quotaPolicySchema,
  rateLimitPolicySchema,
  timeWindowPolicySchema,
} from '@portcullis/policy-engine/model';
import { IdSchema, TimestampSchema } from './common.js';

const stored = {
  id: IdSchema,
  description: z.string(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
};

/**
 * A policy as stored: the policy engine's own schema of its kind (a discriminated union on
 * `kind`, each with its typed `config`), with its id, the policy in plain words and its times.
 */
export const PolicyView = z.discriminatedUnion('kind', [
  rateLimitPolicySchema.extend(stored),
  quotaPolicySchema.extend(stored),
  ipPolicySchema.extend(stored),
  geoPolicySchema.extend(stored),
  timeWindowPolicySchema.extend(stored),
  guardrailPolicySchema.extend(stored),
]);
export type PolicyView = z.infer<typeof PolicyView>;
export const PolicyList = z.object({ items: z.array(PolicyView) });

/**
 * Create (all fields) or update (any subset) a policy; the server assigns the id. Loose on
 * purpose: the policy engine checks the draft against its kind's schema (PolicyView says what
 * a valid policy is) and names each bad field by its path (`config.allow.1`), which is what a
 * form shows next to the field.
 */
export const PolicyDraft = z.object({
  name: z.string(),
  kind: z.string(),
  target: z.record(z.string(), z.unknown()).optional(),
  mode: z.string().optional(),
  priority: z.number().optional(),
  enabled: z.boolean().optional(),
  failMode: z.string().optional(),
  config: z.record(z.string(), z.unknown()),
});
export type PolicyDraft = z.input<typeof PolicyDraft>;
export const PolicyPatch = PolicyDraft.partial();

/** Any draft, however incomplete: the answer says what is wrong with it. */
export const ValidatePolicyRequest = z.strictObject({ draft: z.record(z.string(), z.unknown()) });

export const PolicyValidation = z.object({
  valid: z.boolean(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })),
  description: z.string().nullable(),
});
export type PolicyValidation = z.infer<typeof PolicyValidation>;

export const SimulatedCall = z.strictObject({
  agentId: IdSchema,
  serverId: IdSchema,
  tool: z.string().max(256).optional(),
  method: z.string().max(100).default('tools/call'),
  /** Tool arguments (request direction) or a tool result (response direction). */
  payload: z.unknown().optional(),
  direction: z.enum(['request', 'response']).default('request'),
  ip: z.union([z.ipv4(), z.ipv6()]).default('127.0.0.1'),
  country: z
    .string()
    .regex(/^[A-Za-z]{2}$/)
    .optional(),
  time: z.iso.datetime().optional(),
});
export type SimulatedCall = z.input<typeof SimulatedCall>;
export const SimulateRequest = z.strictObject({
  call: SimulatedCall,
  /** A draft to evaluate alongside the current policies (or instead of them with draftOnly). */
  draft: PolicyDraft.optional(),
  draftOnly: z.boolean().default(false),
});
export type SimulateRequest = z.input<typeof SimulateRequest>;

export const ExplanationEntryView = z.object({
  policyId: z.string(),
  name: z.string(),
  kind: z.string(),
  mode: z.string(),
  matched: z.boolean(),
  outcome: z.string(),
  reason: z.string(),
  findings: z.array(z.record(z.string(), z.unknown())).optional(),
  limit: z.record(z.string(), z.unknown()).optional(),
  storeFailure: z.record(z.string(), z.unknown()).optional(),
});
export const DecisionView = z.object({
  outcome: z.enum(['allow', 'deny']),
  status: z.union([z.literal(403), z.literal(429), z.literal(503), z.literal('guardrail')]).optional(),
  retryAfterSec: z.number().optional(),
  headers: z.record(z.string(), z.string()),
  redactedPayload: z.unknown().optional(),
  deniedBy: z.array(z.string()),
  explanation: z.array(ExplanationEntryView),
});
export type DecisionView = z.infer<typeof DecisionView>;

export const BacktestRequest = z.strictObject({
  draft: PolicyDraft,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  maxEvents: z.number().int().min(1).max(100_000).default(10_000),
});
export type BacktestRequest = z.input<typeof BacktestRequest>;
export const BacktestResult = z.object({
  evaluated: z.number().int(),
  wouldDeny: z.number().int(),
  wouldRedact: z.number().int(),
  wouldFlag: z.number().int(),
  byReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  samples: z.array(
    z.object({
      eventId: z.string(),
      seq: z.number().int(),
      time: TimestampSchema,
      agentId: z.string(),
      tool: z.string().nullable(),
      outcome: z.string(),
      reason: z.string(),
    }),
  ),
  note: z.string(),
});
export type BacktestResult = z.infer<typeof BacktestResult>;
export type PolicyKind = PolicyView['kind'];
export type PolicyMode = PolicyView['mode'];
export type PolicyTarget = PolicyView['target'];
