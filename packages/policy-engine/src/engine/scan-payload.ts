// Guardrail scanning on its own, outside a call: for back-testing recorded payloads, previews
// and tools. Uses the same rules, attribution and redaction as evaluate().
import type { z } from 'zod';
import type { Finding } from '../guardrails/types';
import { guardrailConfigSchema } from '../model/guardrail';
import { compilePolicies } from './compile';
import { checkContent } from './content';

export interface PayloadScan {
  /** 'deny' when a block rule matched, else 'redact' or 'flag' by the strongest finding. */
  outcome: 'allow' | 'deny' | 'redact' | 'flag';
  reason: string;
  findings: Finding[];
  /** Present when redactions changed the payload (and nothing blocked it). */
  redactedPayload?: unknown;
}

export type GuardrailConfigInput = z.input<typeof guardrailConfigSchema>;

/** Compiles a guardrail config once; the returned function scans payloads with it. */
export function createPayloadScanner(
  config: GuardrailConfigInput,
): (payload: unknown, payloadBytes?: number) => PayloadScan {
  const parsed = guardrailConfigSchema.parse(config);
  const set = compilePolicies([{ id: 'scan', name: 'scan', kind: 'guardrail', config: parsed }]);
  const plan = set.plan({
    direction: parsed.direction === 'response' ? 'response' : 'request',
    serverId: '',
    agentId: '',
    tool: undefined,
  });
  return (payload, payloadBytes) => {
    const content = checkContent(plan, payload, payloadBytes);
    const verdict = content.verdicts[0]!;
    const scan: PayloadScan = {
      outcome: verdict.outcome,
      reason: verdict.reason,
      findings: verdict.findings,
    };
    if (content.redacted !== undefined && verdict.outcome !== 'deny') scan.redactedPayload = content.redacted;
    return scan;
  };
}

export function scanPayload(payload: unknown, config: GuardrailConfigInput): PayloadScan {
  return createPayloadScanner(config)(payload);
}
