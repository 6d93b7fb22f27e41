// Audit sinks: where a tenant's trail goes besides the database (signed webhooks, JSON-lines
// files for a log shipper), and the deliveries that carry it there.
import { z } from 'zod';
import { AUDIT_ACTIONS } from '@portcullis/audit-core/actions';
import { IdSchema, TimestampSchema } from './common.js';

const SinkName = z.string().trim().min(1).max(120);
const SinkUrl = z.url().max(2048);
export const AuditSinkKind = z.enum(['webhook', 'jsonl']);
export type AuditSinkKind = z.infer<typeof AuditSinkKind>;

export const AuditSinkView = z.object({
  id: IdSchema,
  name: z.string(),
  kind: AuditSinkKind,
  /** Webhooks only. */
  url: z.string().nullable(),
  /** The actions it receives; empty: every action. */
  actions: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type AuditSinkView = z.infer<typeof AuditSinkView>;
export const AuditSinkList = z.object({ items: z.array(AuditSinkView) });

/** A webhook needs its URL (checked like an upstream's); a JSON-lines sink needs AUDIT_SINK_DIR on the server. */
export const CreateAuditSinkRequest = z.strictObject({
  name: SinkName,
  kind: AuditSinkKind,
  url: SinkUrl.optional(),
  actions: z.array(z.enum(AUDIT_ACTIONS)).max(AUDIT_ACTIONS.length).default([]),
});

/** The webhook signing secret is in this answer only (null for a JSON-lines sink). */
export const CreatedAuditSink = z.object({ sink: AuditSinkView, signingSecret: z.string().nullable() });

export const UpdateAuditSinkRequest = z.strictObject({
  name: SinkName.optional(),
  enabled: z.boolean().optional(),
  actions: z.array(z.enum(AUDIT_ACTIONS)).optional(),
  url: SinkUrl.optional(),
});

export const AuditDeliveryStatus = z.enum(['pending', 'delivered', 'dead']);
export type AuditDeliveryStatus = z.infer<typeof AuditDeliveryStatus>;
export const AuditDeliveryQuery = z.object({ status: AuditDeliveryStatus.optional() });

/** One delivery: a batch of events (and maybe a signed checkpoint), retried with backoff until delivered or dead. */
export const AuditDelivery = z.object({
  id: IdSchema,
  status: AuditDeliveryStatus,
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  /** How many events it carries. */
  events: z.number().int(),
  /** Whether it carries a signed checkpoint. */
  checkpoint: z.boolean(),
  createdAt: TimestampSchema,
  deliveredAt: TimestampSchema.nullable(),
});
export type AuditDelivery = z.infer<typeof AuditDelivery>;
/** The latest 100, newest first. */
export const AuditDeliveryList = z.object({ items: z.array(AuditDelivery) });

/** A dead letter back to pending, queued for a fresh round of retries. */
export const RedriveResult = z.object({ queued: z.literal(true) });
