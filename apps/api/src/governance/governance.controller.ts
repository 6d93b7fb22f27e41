import { Controller } from '@nestjs/common';
import { governanceJsonSchema, governanceRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { GovernanceService } from './governance.service';

/** The document's JSON Schema, made once (what packages/sdk/schema/governance.schema.json holds). */
let schema: Record<string, unknown> | undefined;

@Controller()
export class GovernanceController {
  constructor(private readonly governance: GovernanceService) {}

  @Handles(r.export)
  export(@CurrentTenant() t: TenantContext) {
    return this.governance.export(t);
  }

  @Handles(r.plan)
  plan(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.plan>) {
    return this.governance.plan(t, body);
  }

  @Handles(r.apply)
  apply(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.apply>) {
    return this.governance.apply(t, body);
  }

  @Handles(r.schema)
  schema() {
    return (schema ??= governanceJsonSchema());
  }
}
