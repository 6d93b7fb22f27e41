// A tenant's sign-in rules, set by its owners: whether members need a second factor (and, with
// single sign-on, how its identity provider admits them: sso.controller.ts).
import { Controller } from '@nestjs/common';
import { tenantRoutes as r, type RouteInput } from '@portcullis/sdk';
import { AuditService } from '../audit/audit.service';
import { Handles, In } from '../common/route/handles';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';

@Controller()
export class TenantSecurityController {
  constructor(private readonly audit: AuditService) {}

  @Handles(r.security)
  async get(@CurrentTenant() t: TenantContext) {
    const row = await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    return { requireSecondFactor: row.requireSecondFactor };
  }

  /** Takes effect on members' next request: sessions opened without a second factor lose access here. */
  @Handles(r.updateSecurity)
  async update(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.updateSecurity>) {
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.tenant.update({
        where: { id: t.tenantId },
        data: { requireSecondFactor: body.requireSecondFactor },
      });
      await audit({
        action: 'tenant.security_updated',
        target: { type: 'tenant', id: t.tenantId, label: updated.slug },
        outcome: 'success',
        details: { requireSecondFactor: body.requireSecondFactor },
      });
      return updated;
    });
    return { requireSecondFactor: row.requireSecondFactor };
  }
}
