import { Controller } from '@nestjs/common';
import { serverRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { ServersService } from './servers.service';

@Controller()
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.servers.list(t) };
  }

  @Handles(r.create)
  create(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.create>) {
    return this.servers.create(t, body);
  }

  /** Checks an upstream before registering it: SSRF policy, MCP handshake, tools/list. */
  @Handles(r.testConnection)
  test(@In() { body }: RouteInput<typeof r.testConnection>) {
    return this.servers.testConnection(body.upstreamUrl, body.upstreamAuth);
  }

  @Handles(r.get)
  get(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.get>) {
    return this.servers.get(t, params.id);
  }

  @Handles(r.update)
  update(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.update>) {
    return this.servers.update(t, params.id, body);
  }

  @Handles(r.remove)
  async remove(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.remove>) {
    await this.servers.remove(t, params.id);
  }

  @Handles(r.sync)
  async sync(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.sync>) {
    await this.servers.get(t, params.id);
    await this.servers.enqueueSync(t.tenantId, params.id);
    return { queued: true };
  }

  @Handles(r.tools)
  async tools(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.tools>) {
    return { items: await this.servers.tools(t, params.id) };
  }

  @Handles(r.updateTool)
  updateTool(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.updateTool>) {
    return this.servers.setToolEnabled(t, params.id, params.toolId, body.enabled);
  }

  @Handles(r.approveTool)
  approve(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.approveTool>) {
    return this.servers.approveTool(t, params.id, params.toolId, body.fingerprint);
  }

  @Handles(r.rejectTool)
  reject(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.rejectTool>) {
    return this.servers.rejectTool(t, params.id, params.toolId);
  }
}
