import { Controller } from '@nestjs/common';
import { tenantRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { TenantsService } from './tenants.service';

@Controller()
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Handles(r.get)
  get(@CurrentTenant() t: TenantContext) {
    return this.tenants.get(t);
  }

  @Handles(r.update)
  update(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.update>) {
    return this.tenants.update(t, body);
  }
}
