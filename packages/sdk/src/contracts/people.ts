// People and their MCP hosts: what members may use on each server (grants per role and per
// member), the MCP hosts registered as OAuth clients, consents, and the consent page's request.
import { z } from 'zod';
import { IdSchema, RoleSchema, TimestampSchema } from './common.js';
import { PutGrantRequest } from './agents.js';

/** Who a member grant is for: everyone with a role, or one member (by membership id). */
export const MemberGrantSubject = z.union([
  z.strictObject({ role: RoleSchema }),
  z.strictObject({ membershipId: IdSchema }),
]);

export const PutMemberGrantRequest = z.strictObject({
  subject: MemberGrantSubject,
  ...PutGrantRequest.shape,
});
export type PutMemberGrantRequest = z.input<typeof PutMemberGrantRequest>;

export const MemberGrant = z.object({
  id: IdSchema,
  serverId: IdSchema,
  role: RoleSchema.nullable(),
  member: z
    .object({ membershipId: IdSchema, userId: IdSchema, email: z.string(), name: z.string() })
    .nullable(),
  tools: z.union([z.literal('*'), z.array(z.string())]),
  resources: z.union([z.boolean(), z.array(z.string())]),
  prompts: z.union([z.boolean(), z.array(z.string())]),
  updatedAt: TimestampSchema,
});
export type MemberGrant = z.infer<typeof MemberGrant>;
export const MemberGrantList = z.object({ items: z.array(MemberGrant) });
export type MemberGrantList = z.infer<typeof MemberGrantList>;

export const OAuthClientStatus = z.enum(['active', 'pending', 'disabled']);

export const OAuthClientView = z.object({
  id: IdSchema,
  clientId: z.string(),
  kind: z.enum(['dynamic', 'metadata_document']),
  status: OAuthClientStatus,
  /** Self-asserted (dynamic registration) or published by the client_id's domain (metadata document). */
  name: z.string().nullable(),
  clientUri: z.string().nullable(),
  redirectUris: z.array(z.string()),
  /** Where codes go, as a person is shown it: hosts, or the schemes of native apps. */
  redirectTargets: z.array(z.string()),
  authMethod: z.string(),
  applicationType: z.string(),
  verified: z.boolean(),
  softwareId: z.string().nullable(),
  softwareVersion: z.string().nullable(),
  consents: z.number().int(),
  createdAt: TimestampSchema,
});
export type OAuthClientView = z.infer<typeof OAuthClientView>;
export const OAuthClientList = z.object({ items: z.array(OAuthClientView) });
export type OAuthClientList = z.infer<typeof OAuthClientList>;

export const UpdateOAuthClientRequest = z.strictObject({
  /** active approves a pending client or re-enables one; disabled stops it at once, everywhere. */
  status: z.enum(['active', 'disabled']).optional(),
  verified: z.boolean().optional(),
});
export type UpdateOAuthClientRequest = z.input<typeof UpdateOAuthClientRequest>;

export const Consent = z.object({
  id: IdSchema,
  tenant: z.object({ id: IdSchema, slug: z.string(), name: z.string() }),
  member: z.object({ userId: IdSchema, email: z.string(), name: z.string() }),
  client: z.object({
    id: IdSchema,
    clientId: z.string(),
    name: z.string().nullable(),
    verified: z.boolean(),
    status: OAuthClientStatus,
  }),
  server: z.object({ id: IdSchema, slug: z.string(), name: z.string() }),
  scopes: z.array(z.string()),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** When the client last used a refresh token (or was authorized), if it still holds one. */
  lastUsedAt: TimestampSchema.nullable(),
});
export type Consent = z.infer<typeof Consent>;
export const ConsentList = z.object({ items: z.array(Consent) });
export type ConsentList = z.infer<typeof ConsentList>;

/** What the consent page shows about a pending authorization request. */
export const AuthorizationRequestView = z.object({
  tenant: z.object({ id: IdSchema, slug: z.string(), name: z.string() }),
  client: z.object({
    clientId: z.string(),
    name: z.string().nullable(),
    kind: z.enum(['dynamic', 'metadata_document']),
    verified: z.boolean(),
    clientUri: z.string().nullable(),
    /** For metadata documents: the domain that published the name. */
    domain: z.string().nullable(),
  }),
  redirectTarget: z.string(),
  /** Codes would go to a loopback address: any program on that computer could receive them. */
  loopbackOnly: z.boolean(),
  server: z.object({ id: IdSchema, slug: z.string(), name: z.string(), resource: z.string() }),
  /** The scopes the client would get: what it asked for, cut to what the member may use. */
  scopes: z.array(z.string()),
  /** What those scopes let the client do here, in the member's grant. */
  access: z.object({
    tools: z.union([z.literal('*'), z.array(z.string())]),
    resources: z.union([z.boolean(), z.array(z.string())]),
    prompts: z.union([z.boolean(), z.array(z.string())]),
  }),
  /** The member already allowed at least this: the page may continue without asking. */
  remembered: z.boolean(),
  /** Why the member cannot allow it, if so (no access to the server, client awaiting approval...). */
  blocked: z.string().nullable(),
  expiresAt: TimestampSchema,
});
export type AuthorizationRequestView = z.infer<typeof AuthorizationRequestView>;

export const AuthorizationDecisionRequest = z.strictObject({ decision: z.enum(['allow', 'deny']) });
/** Where the browser goes next: the client's redirect URI with the code (or the error), state and iss. */
export const AuthorizationDecision = z.object({ redirectTo: z.string() });
