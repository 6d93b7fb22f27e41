import { Controller } from '@nestjs/common';
import { auditSinkRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { SinksService } from './sinks.service';

@Controller()
export class SinksController {
  constructor(private readonly sinks: SinksService) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.sinks.list(t) };
  }

  /** The webhook signing secret is in this response only. */
  @Handles(r.create)
  create(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.create>) {
    return this.sinks.create(t, body);
  }

  @Handles(r.update)
  update(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.update>) {
    return this.sinks.update(t, params.id, body);
  }

  @Handles(r.remove)
  async remove(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.remove>) {
    await this.sinks.remove(t, params.id);
  }

  @Handles(r.deliveries)
  async deliveries(
    @CurrentTenant() t: TenantContext,
    @In() { params, query }: RouteInput<typeof r.deliveries>,
  ) {
    return { items: await this.sinks.deliveries(t, params.id, query.status) };
  }

  @Handles(r.redrive)
  redrive(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.redrive>) {
    return this.sinks.redrive(t, params.id, params.deliveryId);
  }
}
