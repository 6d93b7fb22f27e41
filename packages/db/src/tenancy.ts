// Tenant isolation, enforced in one place: every query a tenant-scoped client makes on a
// tenant-owned model carries `tenantId`, so another tenant's row is simply not found (404).
import type { Db } from './client';
import { inheritPools } from './bulk-read';

/** Models whose rows belong to one tenant. New tenant-owned models must be listed here. */
export const TENANT_OWNED_MODELS = new Set<string>([
  'Membership',
  'Invitation',
  'AdminApiToken',
  'McpServer',
  'McpTool',
  'Agent',
  'AgentGrant',
  'ClientSecret',
  'AgentKey',
  'AgentApiKey',
  'SigningKey',
  'RevokedToken',
  'AuditEvent',
  'AuditHead',
  'AuditCheckpoint',
  'Policy',
  'AuditSink',
  'AuditDelivery',
  'MemberGrant',
  'OAuthClient',
  'OAuthConsent',
  'OAuthGrant',
  'OAuthRefreshToken',
]);

const WHERE_OPERATIONS = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
]);
const CREATE_OPERATIONS = new Set(['create', 'createMany', 'createManyAndReturn']);

type Args = { where?: Record<string, unknown>; data?: unknown; create?: Record<string, unknown> };

function scopeArgs(operation: string, args: Args, tenantId: string): Args {
  if (WHERE_OPERATIONS.has(operation)) return { ...args, where: { ...args.where, tenantId } };
  if (CREATE_OPERATIONS.has(operation)) {
    const data = Array.isArray(args.data)
      ? args.data.map((row: Record<string, unknown>) => ({ ...row, tenantId }))
      : { ...(args.data as Record<string, unknown>), tenantId };
    return { ...args, data };
  }
  if (operation === 'upsert') {
    return { ...args, where: { ...args.where, tenantId }, create: { ...args.create, tenantId } };
  }
  throw new Error(`tenant-scoped client does not support ${operation}`);
}

/** A client whose reads and writes on tenant-owned models are confined to `tenantId`. */
export function scopedDb(db: Db, tenantId: string) {
  const scoped = db.$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        $allOperations({ model, operation, args, query }) {
          if (!TENANT_OWNED_MODELS.has(model)) return query(args);
          return query(scopeArgs(operation, args as Args, tenantId) as typeof args);
        },
      },
    },
  });
  inheritPools(db, scoped);
  return scoped;
}

export type TenantDb = ReturnType<typeof scopedDb>;
