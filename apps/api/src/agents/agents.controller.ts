import { Controller } from '@nestjs/common';
import { agentRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { Handles, In } from '../common/route/handles';
import { AgentsService } from './agents.service';
import { CredentialsService } from './credentials.service';
import { agentView } from './views';

@Controller()
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly creds: CredentialsService,
  ) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.agents.list(t) };
  }

  @Handles(r.create)
  create(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.create>) {
    return this.agents.create(t, body);
  }

  @Handles(r.get)
  async get(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.get>) {
    return agentView(await this.agents.find(t, params.id));
  }

  @Handles(r.update)
  update(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.update>) {
    return this.agents.update(t, params.id, body);
  }

  @Handles(r.remove)
  async remove(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.remove>) {
    await this.agents.remove(t, params.id);
  }

  @Handles(r.putGrant)
  putGrant(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.putGrant>) {
    return this.agents.putGrant(t, params.id, params.serverId, body);
  }

  @Handles(r.deleteGrant)
  deleteGrant(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.deleteGrant>) {
    return this.agents.deleteGrant(t, params.id, params.serverId);
  }

  @Handles(r.secrets)
  async secrets(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.secrets>) {
    return { items: await this.creds.listSecrets(t, params.id) };
  }

  /** The secret is in this response only. With expireOthersInHours it is a rotation. */
  @Handles(r.createSecret)
  createSecret(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.createSecret>) {
    return this.creds.createSecret(t, params.id, body);
  }

  @Handles(r.updateSecret)
  updateSecret(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.updateSecret>) {
    return this.creds.setSecretExpiry(
      t,
      params.id,
      params.secretId,
      body.expiresAt ? new Date(body.expiresAt) : null,
    );
  }

  @Handles(r.revokeSecret)
  revokeSecret(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.revokeSecret>) {
    return this.creds.revokeSecret(t, params.id, params.secretId);
  }

  @Handles(r.keys)
  async keys(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.keys>) {
    return { items: await this.creds.listKeys(t, params.id) };
  }

  @Handles(r.addKey)
  async addKey(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.addKey>) {
    return { items: await this.creds.addKeys(t, params.id, body.jwk) };
  }

  @Handles(r.revokeKey)
  revokeKey(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.revokeKey>) {
    return this.creds.revokeKey(t, params.id, params.keyId);
  }

  @Handles(r.apiKeys)
  async apiKeys(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.apiKeys>) {
    return { items: await this.creds.listApiKeys(t, params.id) };
  }

  @Handles(r.createApiKey)
  createApiKey(@CurrentTenant() t: TenantContext, @In() { params, body }: RouteInput<typeof r.createApiKey>) {
    return this.creds.createApiKey(t, params.id, body);
  }

  @Handles(r.revokeApiKey)
  revokeApiKey(@CurrentTenant() t: TenantContext, @In() { params }: RouteInput<typeof r.revokeApiKey>) {
    return this.creds.revokeApiKey(t, params.id, params.keyId);
  }
}
