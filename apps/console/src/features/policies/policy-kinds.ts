// Names and choices the policy pages show; the values are the policy engine's
// (packages/policy-engine/src/model/*.ts).
import type { PolicyKind } from '@/lib/types';

export const KINDS: readonly { value: PolicyKind; label: string; hint: string }[] = [
  { value: 'rate_limit', label: 'Rate limit', hint: 'Requests per window, with a burst.' },
  { value: 'quota', label: 'Quota', hint: 'Requests per calendar day or month.' },
  { value: 'ip', label: 'IP addresses', hint: 'Allow or deny lists of CIDRs (IPv4 and IPv6).' },
  { value: 'geo', label: 'Geography', hint: 'Allow or deny calls by country.' },
  { value: 'time_window', label: 'Time window', hint: 'Days of the week and hours, in a time zone.' },
  { value: 'guardrail', label: 'Content guardrail', hint: 'Block, redact or flag sensitive content in calls.' },
];

export const kindLabel = (kind: string) => KINDS.find((k) => k.value === kind)?.label ?? kind;

export const LIMIT_SCOPES = [
  { value: 'agent', label: 'Per agent or person' },
  { value: 'agent_server', label: 'Per agent and server' },
  { value: 'agent_tool', label: 'Per agent and tool' },
  { value: 'client', label: 'Per client application' },
  { value: 'tenant', label: 'For the whole tenant' },
] as const;
export type LimitScope = (typeof LIMIT_SCOPES)[number]['value'];

export const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export const dayNumber = (d: unknown): number | undefined =>
  typeof d === 'number' && d >= 0 && d <= 6 ? d : typeof d === 'string' && DAY_NAMES.includes(d as never) ? DAY_NAMES.indexOf(d as never) : undefined;

export const DETECTORS = [
  { value: 'email', label: 'E-mail addresses' },
  { value: 'phone', label: 'Phone numbers' },
  { value: 'card', label: 'Payment card numbers' },
  { value: 'iban', label: 'IBANs' },
  { value: 'national_id', label: 'National id numbers' },
  { value: 'secret', label: 'Secrets and keys' },
  { value: 'prompt_injection', label: 'Prompt-injection markers' },
] as const;
export type DetectorType = (typeof DETECTORS)[number]['value'];

export const GUARDRAIL_ACTIONS = [
  { value: 'block', label: 'Block' },
  { value: 'redact', label: 'Redact' },
  { value: 'flag', label: 'Flag' },
] as const;
export type GuardrailAction = (typeof GUARDRAIL_ACTIONS)[number]['value'];

export const DIRECTIONS = [
  { value: 'request', label: 'Requests (tool arguments)' },
  { value: 'response', label: 'Responses (tool results)' },
  { value: 'both', label: 'Both directions' },
] as const;
export type Direction = (typeof DIRECTIONS)[number]['value'];
