import { Controller } from '@nestjs/common';
import { apiTokenRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { ApiTokensService } from './api-tokens.service';

@Controller()
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.tokens.list(t) };
  }

  @Handles(r.create)
  create(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.create>) {
    return this.tokens.create(t, body);
  }

  @Handles(r.revoke)
  revoke(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.revoke>) {
    return this.tokens.revoke(t, params.id);
  }
}
