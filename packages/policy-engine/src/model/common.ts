// Fields every policy shares: identity, target, mode, priority, enabled, fail mode.
import { z } from 'zod';

/** Field helpers whose messages say "is required" for a missing field rather than a type error. */
export const requiredString = () =>
  z.string({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be a string') });
export const requiredInt = () =>
  z.int({ error: (iss) => (iss.input === undefined ? 'is required' : 'must be an integer') });

const targetId = requiredString().trim().min(1, 'must not be empty').max(200);

/** Which calls a policy covers. Empty = the whole tenant; fields combine with AND. */
export const targetSchema = z.strictObject({
  serverId: targetId.optional(),
  agentId: targetId.optional(),
  tool: targetId.optional(),
});
export type PolicyTarget = z.output<typeof targetSchema>;

export const policyModes = ['enforce', 'monitor'] as const;
export type PolicyMode = (typeof policyModes)[number];

export const failModes = ['open', 'closed'] as const;
export type FailMode = (typeof failModes)[number];

/** The shape shared by every kind; each kind adds `kind` and its `config`. */
export const baseFields = {
  id: requiredString().trim().min(1, 'must not be empty').max(128),
  name: requiredString().trim().min(1, 'must not be empty').max(200),
  target: targetSchema.default({}),
  mode: z.enum(policyModes, { error: "must be 'enforce' or 'monitor'" }).default('enforce'),
  /** Higher wins among policies of the same kind and target specificity. */
  priority: requiredInt().min(-1_000_000).max(1_000_000).default(0),
  enabled: z.boolean().default(true),
  /** What to do when the counter store cannot answer (rate limits and quotas only). */
  failMode: z.enum(failModes, { error: "must be 'open' or 'closed'" }).optional(),
};

/** Who a counter is shared by. */
/** `agent` counts per caller (an agent, or a person); `client` per OAuth client (the agent, or a person's MCP host). */
export const limitScopes = ['agent', 'agent_server', 'agent_tool', 'client', 'tenant'] as const;
export type LimitScope = (typeof limitScopes)[number];
