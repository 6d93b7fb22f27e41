// A tenant's sign-in rules, set by its owners: whether members need a second factor (and, with
// single sign-on, how its identity provider admits them: sso.controller.ts).
import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { TenantSecurity, UpdateTenantSecurityRequest } from '@portcullis/sdk';
import { AuditService, actorOf } from '../audit/audit.service';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';

class TenantSecurityDto extends createZodDto(TenantSecurity) {}
class UpdateTenantSecurityDto extends createZodDto(UpdateTenantSecurityRequest) {}

@ApiTags('tenant')
@Controller('api/v1/tenant/security')
export class TenantSecurityController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: TenantSecurityDto })
  async get(@CurrentTenant() t: TenantContext) {
    const row = await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    return { requireSecondFactor: row.requireSecondFactor };
  }

  /** Takes effect on members' next request: sessions opened without a second factor lose access here. */
  @Patch()
  @Access('owner')
  @ZodResponse({ type: TenantSecurityDto })
  async update(@CurrentTenant() t: TenantContext, @Body() body: UpdateTenantSecurityDto) {
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const updated = await t.db.tenant.update({ where: { id: t.tenantId }, data: { requireSecondFactor: body.requireSecondFactor } });
      await audit({ tenantId: t.tenantId, actor: actorOf(t.principal), action: 'tenant.security_updated', target: { type: 'tenant', id: t.tenantId, label: updated.slug }, outcome: 'success', details: { requireSecondFactor: body.requireSecondFactor } });
      return updated;
    });
    return { requireSecondFactor: row.requireSecondFactor };
  }
}
