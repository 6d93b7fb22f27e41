export * from './client';
export * from './adapter';
export * from './tenancy';
export * from './migrate';
export { Prisma, Role } from './generated/prisma/client';
export type {
  Tenant, User, Membership, Session, Invitation, AdminApiToken, McpServer, McpTool, Agent, AgentGrant, ClientSecret, AgentKey,
  AgentApiKey, SigningKey, Policy, AuditEvent, AuditSink, AuditDelivery, MemberGrant, OAuthClient, OAuthConsent, OAuthGrant,
  OAuthRefreshToken,
} from './generated/prisma/client';
export * from './seed';
