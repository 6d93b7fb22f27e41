import { z } from 'zod';

/** member: uses the tenant's MCP servers through an MCP host, within the grants of members; no console access beyond their own connections. */
export const RoleSchema = z.enum(['owner', 'admin', 'auditor', 'member']);
export type Role = z.infer<typeof RoleSchema>;

export const IdSchema = z.uuid();
export const EmailSchema = z
  .email({ message: 'Enter a valid e-mail address.' })
  .max(254)
  .transform((e) => e.toLowerCase());
/** Control characters (NUL among them, which PostgreSQL cannot store) and lone surrogates. */
/* eslint-disable no-control-regex -- finding control characters is the point */
const UNPRINTABLE =
  /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/* eslint-enable no-control-regex */
export const NameSchema = z
  .string()
  .trim()
  .min(1, 'Required.')
  .max(120, 'At most 120 characters.')
  .refine((s) => !UNPRINTABLE.test(s), 'No control characters or invalid Unicode.');
export const SlugSchema = z
  .string()
  .min(3, 'At least 3 characters.')
  .max(40, 'At most 40 characters.')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Lowercase letters, digits and inner hyphens only.');
export const PasswordSchema = z.string().min(1, 'Required.').max(256, 'At most 256 characters.');
export const TimestampSchema = z.iso.datetime();

/** RFC 9457 problem details, as every error of the API is answered. */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;
