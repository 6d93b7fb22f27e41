export * from './client';
export * from './adapter';
export * from './tenancy';
export * from './migrate';
export { Prisma, Role } from './generated/prisma/client';
export type { Tenant, User, Membership, Session, Invitation, AdminApiToken } from './generated/prisma/client';
export * from './seed';
