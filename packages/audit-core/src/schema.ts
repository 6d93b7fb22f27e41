// The audit event contract: what callers hand to the appender (AuditEventInput) and what the
// chain stores (AuditEvent = input + seq, prevHash, hash).
import { z } from 'zod';
import { ACTOR_TYPES, AUDIT_ACTIONS, AUDIT_OUTCOMES } from './actions';
import { isPlainEventInput } from './input-check';

export {
  ACTOR_TYPES,
  AUDIT_ACTIONS,
  AUDIT_OUTCOMES,
  type ActorType,
  type AuditAction,
  type AuditOutcome,
} from './actions';

const HEX_SHA256 = /^[0-9a-f]{64}$/;
export const sha256HexSchema = z.string().regex(HEX_SHA256, 'expected a lowercase hex SHA-256');

export const auditActorSchema = z.strictObject({
  type: z.enum(ACTOR_TYPES),
  id: z.string().min(1).max(200),
  label: z.string().max(300).optional(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditTargetSchema = z.strictObject({
  type: z.string().min(1).max(100),
  id: z.string().min(1).max(200),
  label: z.string().max(300).optional(),
});
export type AuditTarget = z.infer<typeof auditTargetSchema>;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export const auditEventInputSchema = z.strictObject({
  id: z.uuid(),
  tenantId: z.string().min(1).max(100),
  // Exactly Date#toISOString() form: a database round trip through timestamptz (ms kept)
  // and back through toISOString() reproduces the same string, so the hash still matches.
  time: z.iso.datetime({ precision: 3 }),
  actor: auditActorSchema,
  action: z.enum(AUDIT_ACTIONS),
  target: auditTargetSchema.optional(),
  outcome: z.enum(AUDIT_OUTCOMES),
  reason: z.string().max(2000).optional(),
  requestId: z.string().min(1).max(200).optional(),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code')
    .optional(),
  details: z.record(z.string(), z.json()),
});
export type AuditEventInput = Omit<z.infer<typeof auditEventInputSchema>, 'details'> & {
  details: JsonObject;
};

export const auditEventSchema = auditEventInputSchema.extend({
  seq: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  prevHash: sha256HexSchema,
  hash: sha256HexSchema,
});
export type AuditEvent = AuditEventInput & { seq: number; prevHash: string; hash: string };

/** Validates caller input; throws a ZodError naming the bad field. */
export function parseAuditEventInput(value: unknown): AuditEventInput {
  // The plain shapes the API builds pass the quick check as they are; the schema decides the rest.
  if (isPlainEventInput(value)) return value as AuditEventInput;
  return auditEventInputSchema.parse(value) as AuditEventInput;
}

/** Validates a sealed event (for instance a row read back from storage). */
export function parseAuditEvent(value: unknown): AuditEvent {
  return auditEventSchema.parse(value) as AuditEvent;
}
