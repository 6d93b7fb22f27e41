// Validation with one error per field, addressed the way a form or an API client needs it.
import type { z } from 'zod';
import { policyConfigSchemas, policySchema, type Policy, type PolicyKind } from './policy';

export interface FieldError {
  /** zod path, e.g. ['config', 'allow', 2] */
  path: (string | number)[];
  /** The same path as text, e.g. `config.allow[2]`; empty for the whole object. */
  field: string;
  message: string;
  code: string;
}

export type ValidationResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function validatePolicy(input: unknown): ValidationResult<Policy> {
  return toResult(policySchema.safeParse(input));
}

/** Validates just a kind's config (paths are relative to the config). */
export function validatePolicyConfig<K extends PolicyKind>(
  kind: K,
  config: unknown,
): ValidationResult<z.output<(typeof policyConfigSchemas)[K]>> {
  const schema = policyConfigSchemas[kind] as unknown as z.ZodType<z.output<(typeof policyConfigSchemas)[K]>>;
  return toResult(schema.safeParse(config));
}

/** Throws a single error listing every field problem; for seeds and tests. */
export function parsePolicy(input: unknown): Policy {
  const r = validatePolicy(input);
  if (r.ok) return r.value;
  throw new Error(
    `invalid policy: ${r.errors.map((e) => `${e.field || '(policy)'}: ${e.message}`).join('; ')}`,
  );
}

function toResult<T>(r: z.ZodSafeParseResult<T>): ValidationResult<T> {
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((issue) => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return { path, field: formatPath(path), message: issue.message, code: issue.code };
    }),
  };
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? p : `.${p}`;
  return out;
}
