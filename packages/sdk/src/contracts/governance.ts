// Governance as code: a tenant's servers (with the tool definitions it approved), agents and
// their grants, policies and audit sinks as one document, portable between tenants. It names
// things by slug or name, never by id, and holds no secret: an upstream credential is supplied
// beside the document when a plan needs one (`credentials`), never inside it.
import { z } from 'zod';
import { AUDIT_ACTIONS } from '@portcullis/audit-core/actions';
import {
  geoPolicySchema,
  guardrailPolicySchema,
  ipPolicySchema,
  quotaPolicySchema,
  rateLimitPolicySchema,
  timeWindowPolicySchema,
} from '@portcullis/policy-engine/model';
import { NameSchema, SlugSchema } from './common.js';
import { AuthMethod } from './agents.js';
import { ServerMessageKind } from './servers.js';

export const GOVERNANCE_VERSION = 1;

const Fingerprint = z.string().regex(/^[0-9a-f]{64}$/, 'A SHA-256 fingerprint (64 lowercase hex digits).');

/** How the gateway authenticates to the upstream; the secret itself is never in the document. */
const DocUpstreamAuth = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('none') }),
  z.strictObject({ type: z.literal('bearer') }),
  z.strictObject({ type: z.literal('header'), headerName: z.string().min(1).max(128) }),
]);

export const GovernanceServer = z.strictObject({
  slug: SlugSchema,
  name: NameSchema,
  upstreamUrl: z
    .url()
    .max(2048)
    .refine((u) => /^https?:\/\//i.test(u), 'Enter an http(s) URL.'),
  upstreamAuth: DocUpstreamAuth.default({ type: 'none' }),
  tags: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
  status: z.enum(['active', 'disabled']).default('active'),
  autoApproveTools: z.boolean().default(false),
  serverMessages: z.array(ServerMessageKind).max(4).default([]),
  maxResponseBytes: z
    .number()
    .int()
    .min(1024)
    .max(256 * 1024 * 1024)
    .nullable()
    .default(null),
  /** The tool definitions approved, each pinned by its fingerprint (an approval follows the definition, not the name). */
  approvedTools: z
    .array(z.strictObject({ name: z.string().min(1).max(256), fingerprint: Fingerprint }))
    .max(1000)
    .default([]),
});

const ToolsGrant = z.union([z.literal('*'), z.array(z.string().min(1).max(256)).max(500)]);
export const GovernanceGrant = z.strictObject({
  /** A server of this document, by slug. */
  server: SlugSchema,
  tools: ToolsGrant,
  resources: z.union([z.boolean(), z.array(z.string().min(1).max(512)).max(100)]).default(false),
  prompts: z.union([z.boolean(), z.array(z.string().min(1).max(256)).max(200)]).default(false),
});

export const GovernanceAgent = z.strictObject({
  /** Names an agent in the document, so it is unique there. */
  name: NameSchema,
  description: z.string().trim().max(500).nullable().default(null),
  status: z.enum(['active', 'disabled']).default('active'),
  tokenLifetimeSec: z
    .number()
    .int()
    .min(60, 'At least 60 seconds.')
    .max(3600, 'At most 3600 seconds.')
    .default(300),
  authMethods: z.array(AuthMethod).min(1).default(['client_secret_basic', 'client_secret_post']),
  grants: z.array(GovernanceGrant).max(500).default([]),
});

/** Which calls a policy covers, by the document's names: a server slug, an agent name, a tool name. */
export const GovernanceTarget = z.strictObject({
  server: SlugSchema.optional(),
  agent: NameSchema.optional(),
  tool: z.string().trim().min(1).max(200).optional(),
});

// Each kind's own schema from the policy engine, with the document's target instead of ids.
const docFields = { id: true, target: true } as const;
const target = { target: GovernanceTarget.default({}) };
export const GovernancePolicy = z.discriminatedUnion('kind', [
  rateLimitPolicySchema.omit(docFields).extend(target),
  quotaPolicySchema.omit(docFields).extend(target),
  ipPolicySchema.omit(docFields).extend(target),
  geoPolicySchema.omit(docFields).extend(target),
  timeWindowPolicySchema.omit(docFields).extend(target),
  guardrailPolicySchema.omit(docFields).extend(target),
]);

export const GovernanceSink = z.strictObject({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['webhook', 'jsonl']),
  /** Webhooks only. */
  url: z.url().max(2048).nullable().default(null),
  /** The actions it receives; empty: every action. */
  actions: z.array(z.enum(AUDIT_ACTIONS)).max(AUDIT_ACTIONS.length).default([]),
  enabled: z.boolean().default(true),
});

export const GovernanceDocument = z.strictObject({
  version: z.literal(GOVERNANCE_VERSION),
  servers: z.array(GovernanceServer).max(500).default([]),
  agents: z.array(GovernanceAgent).max(2000).default([]),
  policies: z.array(GovernancePolicy).max(1000).default([]),
  sinks: z.array(GovernanceSink).max(50).default([]),
});
export type GovernanceDocument = z.output<typeof GovernanceDocument>;
export type GovernanceDocumentInput = z.input<typeof GovernanceDocument>;

/** An upstream credential for a server of the document, by slug (the document holds none). */
export const GovernanceCredential = z.union([
  z.strictObject({ token: z.string().min(1).max(4096) }),
  z.strictObject({ value: z.string().min(1).max(4096) }),
]);

export const GovernancePlanRequest = z.strictObject({
  document: GovernanceDocument,
  /** Delete what the document does not list (servers, agents, grants, tool approvals, policies, sinks). */
  prune: z.boolean().default(false),
  credentials: z.record(z.string(), GovernanceCredential).default({}),
});

export const GovernanceResource = z.enum(['server', 'tool', 'agent', 'grant', 'policy', 'sink']);
export const FieldChange = z.object({
  field: z.string(),
  from: z.unknown().optional(),
  to: z.unknown().optional(),
});
export const GovernanceChange = z.object({
  action: z.enum(['create', 'update', 'delete']),
  resource: GovernanceResource,
  /** `server`, `agent`, `server/tool` or `agent -> server` for grants. */
  name: z.string(),
  fields: z.array(FieldChange),
});
export type GovernanceChange = z.infer<typeof GovernanceChange>;

export const GovernancePlan = z.object({
  changes: z.array(GovernanceChange),
  /** What the document asks that cannot be done now, and why (a tool whose upstream definition moved on, say). */
  notApplicable: z.array(z.object({ resource: GovernanceResource, name: z.string(), reason: z.string() })),
  /** Deletions left out because the request did not ask to prune. */
  kept: z.array(z.object({ resource: GovernanceResource, name: z.string() })),
  summary: z.object({ create: z.number().int(), update: z.number().int(), delete: z.number().int() }),
});
export type GovernancePlan = z.infer<typeof GovernancePlan>;

export const GovernanceApplyResult = GovernancePlan.extend({
  /** Signing secrets of the webhook sinks this apply created: shown in this answer only. */
  signingSecrets: z.array(z.object({ sink: z.string(), signingSecret: z.string() })),
});

/** The document's JSON Schema (draft 2020-12), for editors and CI: what packages/sdk/schema/governance.schema.json holds. */
export function governanceJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(GovernanceDocument, { io: 'input', unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return {
    ...schema,
    $id: 'urn:portcullis:governance:1',
    title: 'Portcullis governance document',
    description:
      "A tenant's servers, approved tools, agents and grants, policies and audit sinks (portcullis export / plan / apply).",
  };
}

/** The document's JSON Schema (draft 2020-12), as served at /api/v1/governance/schema. */
export const GovernanceJsonSchema = z.record(z.string(), z.unknown());
