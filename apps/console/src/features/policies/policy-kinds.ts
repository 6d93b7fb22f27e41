// Names and choices the policy pages show. The values are the policy engine's own vocabulary
// (@portcullis/policy-engine/model); only the words are the console's, and each list must name
// every value the engine has (a new kind or detector fails the typecheck until it is labelled).
import {
  dayNames,
  detectorTypes,
  guardrailActions,
  guardrailDirections,
  limitScopes,
  policyKinds,
  type DetectorType,
  type GuardrailAction,
  type GuardrailDirection,
  type LimitScope,
} from '@portcullis/policy-engine/model';

export type { DetectorType, GuardrailAction, LimitScope };
export type Direction = GuardrailDirection;

/** The engine's values in its order, each with the console's words (which must cover them all). */
const labelled = <V extends string, W extends Record<V, object>>(values: readonly V[], words: W) =>
  values.map((value) => ({ value, ...(words[value] as W[V]) }));

export const KINDS = labelled(policyKinds, {
  rate_limit: { label: 'Rate limit', hint: 'Requests per window, with a burst.' },
  quota: { label: 'Quota', hint: 'Requests per calendar day or month.' },
  ip: { label: 'IP addresses', hint: 'Allow or deny lists of CIDRs (IPv4 and IPv6).' },
  geo: { label: 'Geography', hint: 'Allow or deny calls by country.' },
  time_window: { label: 'Time window', hint: 'Days of the week and hours, in a time zone.' },
  guardrail: { label: 'Content guardrail', hint: 'Block, redact or flag sensitive content in calls.' },
});

export const kindLabel = (kind: string) => KINDS.find((k) => k.value === kind)?.label ?? kind;

export const LIMIT_SCOPES = labelled(limitScopes, {
  agent: { label: 'Per agent or person' },
  agent_server: { label: 'Per agent and server' },
  agent_tool: { label: 'Per agent and tool' },
  client: { label: 'Per client application' },
  tenant: { label: 'For the whole tenant' },
});

export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
/** A day as the engine takes it (0 = Sunday, or its name) as a number; undefined when it is neither. */
export const dayNumber = (d: unknown): number | undefined =>
  typeof d === 'number' && d >= 0 && d <= 6
    ? d
    : typeof d === 'string' && dayNames.includes(d as never)
      ? dayNames.indexOf(d as never)
      : undefined;

export const DETECTORS = labelled(detectorTypes, {
  email: { label: 'E-mail addresses' },
  phone: { label: 'Phone numbers' },
  card: { label: 'Payment card numbers' },
  iban: { label: 'IBANs' },
  national_id: { label: 'National id numbers' },
  secret: { label: 'Secrets and keys' },
  prompt_injection: { label: 'Prompt-injection markers' },
});

export const GUARDRAIL_ACTIONS = labelled(guardrailActions, {
  block: { label: 'Block' },
  redact: { label: 'Redact' },
  flag: { label: 'Flag' },
});

export const DIRECTIONS = labelled(guardrailDirections, {
  request: { label: 'Requests (tool arguments)' },
  response: { label: 'Responses (tool results)' },
  both: { label: 'Both directions' },
});
