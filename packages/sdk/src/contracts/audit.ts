import { z } from 'zod';
import { TimestampSchema } from './common.js';

export const AuditEventView = z.object({
  id: z.string(),
  seq: z.number().int(),
  time: TimestampSchema,
  actor: z.object({ type: z.string(), id: z.string(), label: z.string().optional() }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string(), label: z.string().optional() }).optional(),
  outcome: z.string(),
  reason: z.string().optional(),
  requestId: z.string().optional(),
  ip: z.string().optional(),
  country: z.string().optional(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEventView = z.infer<typeof AuditEventView>;

export const AuditEventPage = z.object({ items: z.array(AuditEventView), nextCursor: z.string().nullable() });

export const AuditQuery = z.object({
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
  actor: z.string().max(200).optional(),
  action: z.string().max(40).optional(),
  outcome: z.enum(['success', 'failure', 'denied', 'error']).optional(),
  agent: z.string().max(200).optional(),
  server: z.string().max(200).optional(),
  tool: z.string().max(256).optional(),
  /** Free text in the reason; three characters at least, so the trigram index can serve it. */
  q: z.string().trim().min(3, 'Search for at least 3 characters.').max(200).optional(),
  /** Every event of one request (a gateway call and the policy decisions on it, say). */
  request: z.string().max(200).optional(),
  /** Keyset cursor: the seq to continue below (newest first). */
  cursor: z
    .string()
    .regex(/^\d{1,16}$/)
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type AuditQuery = z.input<typeof AuditQuery>;

/** The export's filters (CSV only: NDJSON is always the whole chain, to stay verifiable) and its format. */
export const AuditExportQuery = AuditQuery.omit({ cursor: true, limit: true }).extend({
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
});

/** The statistics' period: the 24 hours before `to` (default now) unless `from` says otherwise. */
export const AuditStatsQuery = z
  .object({ from: z.iso.datetime().optional(), to: z.iso.datetime().optional() })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to.',
    path: ['from'],
  });

/** How many of the latest gateway calls of a server or an agent. */
export const RecentCallsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });

/** Whether a checkpoint was signed (false: no event since the last one). */
export const CheckpointResult = z.object({ created: z.boolean() });

export const AuditVerifyResult = z.object({
  ok: z.boolean(),
  verifiedCount: z.number().int(),
  firstBrokenSeq: z.number().int().optional(),
  problem: z.string().optional(),
  message: z.string(),
  headSeq: z.number().int().optional(),
  checkpointCount: z.number().int(),
});
export type AuditVerifyResult = z.infer<typeof AuditVerifyResult>;

export const AuditStats = z.object({
  from: TimestampSchema,
  to: TimestampSchema,
  tokensIssued: z.number().int(),
  tokensDenied: z.number().int(),
  gatewayCalls: z.number().int(),
  refusalsByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  topTools: z.array(z.object({ tool: z.string(), count: z.number().int() })),
  latencyMs: z.object({ p50: z.number().nullable(), p95: z.number().nullable() }),
  series: z.array(
    z.object({
      bucket: TimestampSchema,
      calls: z.number().int(),
      denied: z.number().int(),
      tokens: z.number().int(),
    }),
  ),
});
export type AuditStats = z.infer<typeof AuditStats>;
export type AuditOutcome = NonNullable<AuditQuery['outcome']>;
