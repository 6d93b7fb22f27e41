// Deny by default: every route declares who may call it, or is explicitly public.
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { Role } from '@portcullis/db';
import { AppError } from './errors';
import type { Principal, TenantContext } from './principal';

export type AccessLevel = 'public' | 'authenticated' | 'read' | 'write' | 'owner';
export const ACCESS_KEY = 'portcullis:access';

/** public: anyone; authenticated: any signed-in user, tenant or not; read: any member of the
 * tenant (auditors included); write: owners and admins; owner: owners only. */
export const Access = (level: AccessLevel) => SetMetadata(ACCESS_KEY, level);

const ALLOWED: Record<'read' | 'write' | 'owner', ReadonlySet<Role>> = {
  read: new Set<Role>(['owner', 'admin', 'auditor']),
  write: new Set<Role>(['owner', 'admin']),
  owner: new Set<Role>(['owner']),
};

export function roleAllows(level: 'read' | 'write' | 'owner', role: Role): boolean {
  return ALLOWED[level].has(role);
}

export const CurrentTenant = createParamDecorator((_: unknown, ctx: ExecutionContext): TenantContext => {
  const ctxValue = ctx.switchToHttp().getRequest<FastifyRequest>().tenantContext;
  if (!ctxValue) throw new AppError('forbidden', 'This route needs a tenant.');
  return ctxValue;
});

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  const user = ctx.switchToHttp().getRequest<FastifyRequest>().user;
  if (!user) throw new AppError('unauthenticated', 'Sign in first.');
  return user;
});
