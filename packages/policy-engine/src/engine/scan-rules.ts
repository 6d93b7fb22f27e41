// Turns a winning guardrail rule into a scanner rule (detector or re2js pattern).
import { findAll } from '../guardrails/custom-pattern';
import { DETECTORS } from '../guardrails/detectors';
import type { ScanRule } from '../guardrails/scan';
import type { RawMatch } from '../guardrails/types';
import type { GuardrailAction } from '../model/guardrail';
import type { GuardRule } from './compiled';

export interface RuleOwner {
  /** Plan item (policy) the findings belong to. */
  item: number;
  action: GuardrailAction;
  enforce: boolean;
}

/** `enforcedAction` is the strongest action of the rule's enforce-mode owners, if any. */
export function buildScanRule(rule: GuardRule, enforcedAction: GuardrailAction | undefined): ScanRule {
  if (rule.detector) {
    const { detector, minLength, requiresDigit } = DETECTORS[rule.detector];
    return {
      find: detector.find,
      minLength,
      requiresDigit,
      label: rule.detector,
      ...(enforcedAction === 'redact' ? { redactWith: `[REDACTED:${rule.detector}]` } : {}),
    };
  }
  const { name, re } = rule.pattern!;
  const spans: Array<[number, number]> = [];
  return {
    find(text: string, out: RawMatch[]): void {
      findAll(re, text, spans);
      if (spans.length === 0) return;
      for (const [start, end] of spans)
        out.push({ start, end, label: name, hint: `${end - start} characters` });
      spans.length = 0;
    },
    minLength: 1,
    label: name,
    ...(enforcedAction === 'redact' ? { redactWith: `[REDACTED:${name}]` } : {}),
  };
}
