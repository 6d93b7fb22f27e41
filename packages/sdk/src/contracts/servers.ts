import { z } from 'zod';
import { IdSchema, NameSchema, SlugSchema, TimestampSchema } from './common.js';

export const UpstreamAuthInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer'), token: z.string().min(1, 'Required.').max(4096) }),
  z.strictObject({
    type: z.literal('header'),
    // Which names and values may be sent upstream is one rule (auth-core's upstream-headers),
    // applied by the API when the credential is saved and again on every upstream request.
    headerName: z.string().min(1, 'Required.').max(128),
    value: z.string().min(1, 'Required.').max(4096),
  }),
]);
export type UpstreamAuthInput = z.infer<typeof UpstreamAuthInput>;

const TagsSchema = z.array(z.string().trim().min(1).max(40)).max(20).default([]);
const UrlSchema = z
  .url({ message: 'Enter an http(s) URL.' })
  .max(2048)
  .refine((u) => /^https?:\/\//i.test(u), 'Enter an http(s) URL.');

/** What a server may send to agents beyond answers; none by default. */
export const ServerMessageKind = z.enum(['sampling', 'elicitation', 'roots', 'logging']);
const ServerMessages = z
  .array(ServerMessageKind)
  .max(4)
  .refine((l) => new Set(l).size === l.length, 'Listed twice.');
/** The largest answer or stream event the gateway takes from the server (bytes); null: the deployment default. */
const MaxResponseBytes = z
  .number()
  .int()
  .min(1024, 'At least 1024 bytes.')
  .max(256 * 1024 * 1024, 'At most 256 MiB.')
  .nullable();

export const CreateServerRequest = z.strictObject({
  slug: SlugSchema,
  name: NameSchema,
  upstreamUrl: UrlSchema,
  upstreamAuth: UpstreamAuthInput.default({ type: 'none' }),
  tags: TagsSchema,
  autoApproveTools: z.boolean().default(false),
  serverMessages: ServerMessages.default([]),
  maxResponseBytes: MaxResponseBytes.default(null),
});
export type CreateServerRequest = z.input<typeof CreateServerRequest>;

export const UpdateServerRequest = z.strictObject({
  name: NameSchema.optional(),
  upstreamUrl: UrlSchema.optional(),
  upstreamAuth: UpstreamAuthInput.optional(),
  tags: TagsSchema.optional(),
  autoApproveTools: z.boolean().optional(),
  status: z.enum(['active', 'disabled']).optional(),
  serverMessages: ServerMessages.optional(),
  maxResponseBytes: MaxResponseBytes.optional(),
});
export type UpdateServerRequest = z.input<typeof UpdateServerRequest>;

export const TestConnectionRequest = z.strictObject({
  upstreamUrl: UrlSchema,
  upstreamAuth: UpstreamAuthInput.default({ type: 'none' }),
});
export type TestConnectionRequest = z.input<typeof TestConnectionRequest>;
export const ConnectionTestResult = z.object({
  ok: z.boolean(),
  serverName: z.string().nullable(),
  toolCount: z.number().int().nullable(),
  error: z.string().nullable(),
});
export type ConnectionTestResult = z.infer<typeof ConnectionTestResult>;

export const McpServer = z.object({
  id: IdSchema,
  slug: z.string(),
  name: z.string(),
  upstreamUrl: z.string(),
  upstreamAuth: z.object({
    type: z.enum(['none', 'bearer', 'header']),
    headerName: z.string().nullable(),
    hint: z.string().nullable(),
  }),
  tags: z.array(z.string()),
  status: z.enum(['active', 'disabled']),
  autoApproveTools: z.boolean(),
  serverMessages: z.array(ServerMessageKind),
  maxResponseBytes: z.number().int().nullable(),
  gatewayUrl: z.string(),
  lastSyncAt: TimestampSchema.nullable(),
  lastSyncStatus: z.enum(['pending', 'ok', 'error']),
  lastSyncError: z.string().nullable(),
  toolCounts: z.object({
    total: z.number().int(),
    callable: z.number().int(),
    quarantined: z.number().int(),
  }),
  createdAt: TimestampSchema,
});
export type McpServer = z.infer<typeof McpServer>;
export const McpServerList = z.object({ items: z.array(McpServer) });
export type McpServerList = z.infer<typeof McpServerList>;

export const ToolDefinition = z.object({
  description: z.string().nullable(),
  inputSchema: z.unknown(),
  annotations: z.unknown().nullable(),
  title: z.string().optional(),
  outputSchema: z.unknown().optional(),
});
export type ToolDefinition = z.infer<typeof ToolDefinition>;
export const McpTool = z.object({
  id: IdSchema,
  name: z.string(),
  definition: ToolDefinition,
  approvedDefinition: ToolDefinition.nullable(),
  /** SHA-256 of the canonical definition; send it back when approving. */
  fingerprint: z.string(),
  review: z.enum(['approved', 'quarantined', 'rejected']),
  enabled: z.boolean(),
  callable: z.boolean(),
  changed: z.boolean(),
  removed: z.boolean(),
  firstSeenAt: TimestampSchema,
  lastSeenAt: TimestampSchema,
});
export type McpTool = z.infer<typeof McpTool>;
export const McpToolList = z.object({ items: z.array(McpTool) });
export type McpToolList = z.infer<typeof McpToolList>;
export const UpdateToolRequest = z.strictObject({ enabled: z.boolean() });
/** The fingerprint of the definition the admin reviewed: approval fails (409) if the tool changed since. */
export const ApproveToolRequest = z.strictObject({
  fingerprint: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export const SyncResponse = z.object({ queued: z.boolean() });
export type SyncResponse = z.infer<typeof SyncResponse>;
