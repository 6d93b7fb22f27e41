import { Controller } from '@nestjs/common';
import { jobRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { JobsService } from './jobs.service';

/** Jobs are read-only work (verification, back-tests): any member who may start one may follow or stop it. */
@Controller()
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Handles(r.get)
  get(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.get>) {
    return this.jobs.get(t.tenantId, params.id);
  }

  @Handles(r.cancel)
  cancel(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.cancel>) {
    return this.jobs.cancel(t.tenantId, params.id);
  }
}
