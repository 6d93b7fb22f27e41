// A change to a person's account (password, second factors, a session) concerns every tenant
// they belong to: each of those tenants' audit trails records it, in the change's transaction.
import type { Prisma } from '@portcullis/db';
import type { AuditRecord, AuditService } from '../audit/audit.service';

export async function recordForUser(
  tx: Prisma.TransactionClient,
  audit: AuditService,
  userId: string,
  record: Omit<AuditRecord, 'tenantId' | 'actor'> & { actor?: AuditRecord['actor'] },
): Promise<void> {
  const memberships = await tx.membership.findMany({ where: { userId }, select: { tenantId: true } });
  for (const m of memberships) {
    await audit.record({ actor: { type: 'user', id: userId }, ...record, tenantId: m.tenantId }, tx);
  }
}
