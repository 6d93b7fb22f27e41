// Configuration of content guardrails: detectors, admin patterns, size limit, actions.
import { z } from 'zod';
import { compileCustomPattern } from '../guardrails/custom-pattern';
import { requiredInt, requiredString } from './common';

export const detectorTypes = [
  'email',
  'phone',
  'card',
  'iban',
  'national_id',
  'secret',
  'prompt_injection',
] as const;
export type DetectorType = (typeof detectorTypes)[number];

export const guardrailActions = ['block', 'redact', 'flag'] as const;
export type GuardrailAction = (typeof guardrailActions)[number];

export const guardrailDirections = ['request', 'response', 'both'] as const;
export type GuardrailDirection = (typeof guardrailDirections)[number];

const action = z.enum(guardrailActions, { error: "must be 'block', 'redact' or 'flag'" });

export const detectorConfigSchema = z.strictObject({
  type: z.enum(detectorTypes, { error: `must be one of ${detectorTypes.join(', ')}` }),
  action,
});

export const customPatternSchema = z.strictObject({
  name: requiredString().regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'must be 1-64 letters, digits, _ . or - (it appears in redactions)',
  ),
  pattern: requiredString().superRefine((value, ctx) => {
    const r = compileCustomPattern(value);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message, input: value });
  }),
  action,
});
export type CustomPattern = z.output<typeof customPatternSchema>;

export const guardrailConfigSchema = z
  .strictObject({
    direction: z.enum(guardrailDirections, { error: "must be 'request', 'response' or 'both'" }),
    detectors: z.array(detectorConfigSchema).max(detectorTypes.length).default([]),
    customPatterns: z.array(customPatternSchema).max(50).default([]),
    /** Payloads larger than this (UTF-8 bytes of the JSON) are blocked. */
    maxBytes: requiredInt()
      .min(1)
      .max(1024 * 1024 * 1024)
      .optional(),
  })
  .superRefine((c, ctx) => {
    if (c.detectors.length === 0 && c.customPatterns.length === 0 && c.maxBytes === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: 'configure at least one detector, custom pattern or maxBytes',
        path: ['detectors'],
      });
    }
    const types = new Set<string>();
    c.detectors.forEach((d, i) => {
      if (types.has(d.type))
        ctx.addIssue({
          code: 'custom',
          message: `detector '${d.type}' is listed twice`,
          path: ['detectors', i, 'type'],
        });
      types.add(d.type);
    });
    const names = new Set<string>();
    c.customPatterns.forEach((p, i) => {
      if (names.has(p.name))
        ctx.addIssue({
          code: 'custom',
          message: `pattern name '${p.name}' is used twice`,
          path: ['customPatterns', i, 'name'],
        });
      names.add(p.name);
    });
  });
export type GuardrailConfig = z.output<typeof guardrailConfigSchema>;
