import { z } from 'zod';
import { IdSchema, NameSchema, TimestampSchema } from './common.js';

export const AuthMethod = z.enum(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
export type AuthMethod = z.infer<typeof AuthMethod>;

export const CreateAgentRequest = z.strictObject({
  name: NameSchema,
  description: z.string().trim().max(500).optional(),
  tokenLifetimeSec: z
    .number()
    .int()
    .min(60, 'At least 60 seconds.')
    .max(3600, 'At most 3600 seconds.')
    .default(300),
  authMethods: z.array(AuthMethod).min(1).default(['client_secret_basic', 'client_secret_post']),
});
export type CreateAgentRequest = z.input<typeof CreateAgentRequest>;

export const UpdateAgentRequest = z.strictObject({
  name: NameSchema.optional(),
  description: z.string().trim().max(500).nullable().optional(),
  tokenLifetimeSec: z.number().int().min(60).max(3600).optional(),
  authMethods: z.array(AuthMethod).min(1).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});
export type UpdateAgentRequest = z.input<typeof UpdateAgentRequest>;

/** true: every resource; a list: URI patterns where `*` stands for any characters (`file:///docs/*`); false: none. */
const ResourceGrant = z.union([z.boolean(), z.array(z.string().min(1).max(512)).max(100)]);
/** true: every prompt; a list: prompt names; false: none. */
const PromptGrant = z.union([z.boolean(), z.array(z.string().min(1).max(256)).max(200)]);

export const Grant = z.object({
  serverId: IdSchema,
  serverSlug: z.string(),
  tools: z.union([z.literal('*'), z.array(z.string())]),
  resources: ResourceGrant,
  prompts: PromptGrant,
});
export type Grant = z.infer<typeof Grant>;

export const Agent = z.object({
  id: IdSchema,
  clientId: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  status: z.enum(['active', 'disabled']),
  tokenLifetimeSec: z.number().int(),
  authMethods: z.array(AuthMethod),
  grants: z.array(Grant),
  createdAt: TimestampSchema,
});
export type Agent = z.infer<typeof Agent>;
export const AgentList = z.object({ items: z.array(Agent) });
export type AgentList = z.infer<typeof AgentList>;

export const PutGrantRequest = z.strictObject({
  /** '*' or tool names; a name must be usable as an OAuth scope token (printable ASCII, no space, `"` or `\\`, at most 128 characters). */
  tools: z.union([z.literal('*'), z.array(z.string().min(1).max(256)).max(500)]),
  resources: ResourceGrant.default(false),
  prompts: PromptGrant.default(false),
});
export type PutGrantRequest = z.input<typeof PutGrantRequest>;

export const CreateSecretRequest = z.strictObject({
  expiresInDays: z.number().int().min(1).max(730).nullable().default(null),
  /** Rotation: the agent's other active secrets expire after this many hours. */
  expireOthersInHours: z
    .number()
    .int()
    .min(0)
    .max(24 * 30)
    .optional(),
});
export type CreateSecretRequest = z.input<typeof CreateSecretRequest>;
export const ClientSecret = z.object({
  id: IdSchema,
  prefix: z.string(),
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
  lastUsedAt: TimestampSchema.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type ClientSecret = z.infer<typeof ClientSecret>;
export const ClientSecretList = z.object({ items: z.array(ClientSecret) });
export type ClientSecretList = z.infer<typeof ClientSecretList>;
export const CreatedClientSecret = z.object({
  secret: ClientSecret,
  clientSecret: z.string(),
  clientId: z.string(),
});
export type CreatedClientSecret = z.infer<typeof CreatedClientSecret>;
export const UpdateSecretRequest = z.strictObject({ expiresAt: TimestampSchema.nullable() });
export type UpdateSecretRequest = z.input<typeof UpdateSecretRequest>;

export const AddKeyRequest = z.strictObject({ jwk: z.record(z.string(), z.unknown()) });
export type AddKeyRequest = z.input<typeof AddKeyRequest>;
export const AgentKey = z.object({
  id: IdSchema,
  kid: z.string().nullable(),
  kty: z.string(),
  alg: z.string().nullable(),
  thumbprint: z.string(),
  createdAt: TimestampSchema,
  revokedAt: TimestampSchema.nullable(),
});
export type AgentKey = z.infer<typeof AgentKey>;
export const AgentKeyList = z.object({ items: z.array(AgentKey) });
export type AgentKeyList = z.infer<typeof AgentKeyList>;

export const ApiKeyScope = z.array(
  z.object({ serverId: IdSchema, tools: z.union([z.literal('*'), z.array(z.string().min(1).max(256))]) }),
);
export const CreateApiKeyRequest = z.strictObject({
  name: NameSchema,
  scope: ApiKeyScope.min(1, 'Scope the key to at least one server.'),
  expiresInDays: z.number().int().min(1).max(365).nullable().default(30),
});
export type CreateApiKeyRequest = z.input<typeof CreateApiKeyRequest>;
export const AgentApiKey = z.object({
  id: IdSchema,
  name: z.string(),
  prefix: z.string(),
  scope: ApiKeyScope,
  createdAt: TimestampSchema,
  expiresAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
  lastUsedAt: TimestampSchema.nullable(),
  status: z.enum(['active', 'expired', 'revoked']),
});
export type AgentApiKey = z.infer<typeof AgentApiKey>;
export const AgentApiKeyList = z.object({ items: z.array(AgentApiKey) });
export type AgentApiKeyList = z.infer<typeof AgentApiKeyList>;
export const CreatedAgentApiKey = z.object({ apiKey: AgentApiKey, key: z.string() });
export type CreatedAgentApiKey = z.infer<typeof CreatedAgentApiKey>;

export const SigningKeyView = z.object({
  kid: z.string(),
  alg: z.string(),
  state: z.enum(['next', 'active', 'retired']),
  createdAt: TimestampSchema,
  activatedAt: TimestampSchema.nullable(),
  retiredAt: TimestampSchema.nullable(),
  publishUntil: TimestampSchema.nullable(),
});
export type SigningKeyView = z.infer<typeof SigningKeyView>;
export const SigningKeyList = z.object({
  items: z.array(SigningKeyView),
  issuer: z.string(),
  jwksUri: z.string(),
});
export type SigningKeyList = z.infer<typeof SigningKeyList>;
export const RotateKeysRequest = z.strictObject({
  alg: z.enum(['ES256', 'EdDSA', 'RS256']).default('ES256'),
});
export type RotateKeysRequest = z.input<typeof RotateKeysRequest>;
export const RotateKeysResponse = z.object({ actions: z.array(z.string()) });
export type RotateKeysResponse = z.infer<typeof RotateKeysResponse>;
/** What a grant or an API key scope allows on one server: every tool, or the named ones. */
export type ToolSelection = Grant['tools'];
