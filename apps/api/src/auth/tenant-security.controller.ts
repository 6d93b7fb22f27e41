// A tenant's sign-in rules, set by its owners: whether members need a second factor (and, with
// single sign-on, how its identity provider admits them: sso.controller.ts).
import { Controller, Inject } from '@nestjs/common';
import { tenantRoutes as r, type RouteInput } from '@portcullis/sdk';
import { Db } from '@portcullis/db';
import { AuditService, actorOf } from '../audit/audit.service';
import { Handles, In } from '../common/route/handles';
import { DB } from '../infra/database';
import { CurrentTenant } from './access';
import type { TenantContext } from './principal';

@Controller()
export class TenantSecurityController {
  constructor(@Inject(DB) private readonly db: Db, private readonly audit: AuditService) {}

  @Handles(r.security)
  async get(@CurrentTenant() t: TenantContext) {
    const row = await this.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    return { requireSecondFactor: row.requireSecondFactor };
  }

  /** Takes effect on members' next request: sessions opened without a second factor lose access here. */
  @Handles(r.updateSecurity)
  async update(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.updateSecurity>) {
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.tenant.update({ where: { id: t.tenantId }, data: { requireSecondFactor: body.requireSecondFactor } });
      await audit({ tenantId: t.tenantId, actor: actorOf(t.principal), action: 'tenant.security_updated', target: { type: 'tenant', id: t.tenantId, label: updated.slug }, outcome: 'success', details: { requireSecondFactor: body.requireSecondFactor } });
      return updated;
    });
    return { requireSecondFactor: row.requireSecondFactor };
  }
}
