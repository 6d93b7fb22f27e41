export * from './client';
export * from './adapter';
export * from './tenancy';
export * from './tenant-sql';
export * from './bulk-read';
export * from './tenant-transaction';
export * from './migrate';
export * from './app-role';
export * from './after-commit';
export * from './db-error';
export { analyzeAllTables, analyzeStaleTables, freezeOldTables, FREEZE_MAX_AGE } from './embedded/autovacuum';
export { Prisma, Role } from './generated/prisma/client';
export type {
  Tenant,
  User,
  Membership,
  Session,
  Invitation,
  AdminApiToken,
  McpServer,
  McpTool,
  Agent,
  AgentGrant,
  ClientSecret,
  AgentKey,
  AgentApiKey,
  SigningKey,
  Policy,
  AuditEvent,
  AuditSink,
  AuditDelivery,
  MemberGrant,
  OAuthClient,
  OAuthConsent,
  OAuthGrant,
  OAuthRefreshToken,
} from './generated/prisma/client';
// The people's front door (sign-up links, password reset).
export type {
  EmailToken,
  EmailTokenPurpose,
  TotpFactor,
  RecoveryCode,
  Passkey,
  SsoConnection,
} from './generated/prisma/client';
export * from './seed';
