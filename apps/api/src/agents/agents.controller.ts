import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import {
  AddKeyRequest, Agent, AgentApiKey, AgentApiKeyList, AgentKey, AgentKeyList, AgentList, ClientSecret, ClientSecretList,
  CreateAgentRequest, CreateApiKeyRequest, CreateSecretRequest, CreatedAgentApiKey, CreatedClientSecret, PutGrantRequest,
  UpdateAgentRequest, UpdateSecretRequest,
} from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { assertUuid } from '../common/ids';
import { AgentsService } from './agents.service';
import { CredentialsService } from './credentials.service';
import { agentView } from './views';

class CreateAgentDto extends createZodDto(CreateAgentRequest) {}
class UpdateAgentDto extends createZodDto(UpdateAgentRequest) {}
class PutGrantDto extends createZodDto(PutGrantRequest) {}
class CreateSecretDto extends createZodDto(CreateSecretRequest) {}
class UpdateSecretDto extends createZodDto(UpdateSecretRequest) {}
class AddKeyDto extends createZodDto(AddKeyRequest) {}
class CreateApiKeyDto extends createZodDto(CreateApiKeyRequest) {}
class AgentDto extends createZodDto(Agent) {}
class AgentListDto extends createZodDto(AgentList) {}
class ClientSecretDto extends createZodDto(ClientSecret) {}
class ClientSecretListDto extends createZodDto(ClientSecretList) {}
class CreatedClientSecretDto extends createZodDto(CreatedClientSecret) {}
class AgentKeyDto extends createZodDto(AgentKey) {}
class AgentKeyListDto extends createZodDto(AgentKeyList) {}
class AgentApiKeyDto extends createZodDto(AgentApiKey) {}
class AgentApiKeyListDto extends createZodDto(AgentApiKeyList) {}
class CreatedAgentApiKeyDto extends createZodDto(CreatedAgentApiKey) {}

const ids = (...pairs: [string, string][]) => pairs.forEach(([id, what]) => assertUuid(id, what));

@ApiTags('agents')
@Controller('api/v1/agents')
export class AgentsController {
  constructor(private readonly agents: AgentsService, private readonly creds: CredentialsService) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: AgentListDto })
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.agents.list(t) };
  }

  @Post()
  @Access('write')
  @ZodResponse({ status: 201, type: AgentDto })
  create(@CurrentTenant() t: TenantContext, @Body() body: CreateAgentDto) {
    return this.agents.create(t, body as Required<typeof body>);
  }

  @Get(':id')
  @Access('read')
  @ZodResponse({ type: AgentDto })
  async get(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    ids([id, 'Agent']);
    return agentView(await this.agents.find(t, id));
  }

  @Patch(':id')
  @Access('write')
  @ZodResponse({ type: AgentDto })
  update(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: UpdateAgentDto) {
    ids([id, 'Agent']);
    return this.agents.update(t, id, body);
  }

  @Delete(':id')
  @Access('write')
  @HttpCode(204)
  async remove(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    ids([id, 'Agent']);
    await this.agents.remove(t, id);
  }

  @Put(':id/grants/:serverId')
  @Access('write')
  @ZodResponse({ type: AgentDto })
  putGrant(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('serverId') serverId: string, @Body() body: PutGrantDto) {
    ids([id, 'Agent'], [serverId, 'Server']);
    return this.agents.putGrant(t, id, serverId, body as Required<typeof body>);
  }

  @Delete(':id/grants/:serverId')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: AgentDto })
  deleteGrant(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('serverId') serverId: string) {
    ids([id, 'Agent'], [serverId, 'Server']);
    return this.agents.deleteGrant(t, id, serverId);
  }

  @Get(':id/secrets')
  @Access('read')
  @ZodResponse({ type: ClientSecretListDto })
  async secrets(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    ids([id, 'Agent']);
    return { items: await this.creds.listSecrets(t, id) };
  }

  /** The secret is in this response only. With expireOthersInHours it is a rotation. */
  @Post(':id/secrets')
  @Access('write')
  @ZodResponse({ status: 201, type: CreatedClientSecretDto })
  createSecret(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: CreateSecretDto) {
    ids([id, 'Agent']);
    return this.creds.createSecret(t, id, body as Required<typeof body>);
  }

  @Patch(':id/secrets/:secretId')
  @Access('write')
  @ZodResponse({ type: ClientSecretDto })
  updateSecret(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('secretId') secretId: string, @Body() body: UpdateSecretDto) {
    ids([id, 'Agent'], [secretId, 'Secret']);
    return this.creds.setSecretExpiry(t, id, secretId, body.expiresAt ? new Date(body.expiresAt) : null);
  }

  @Delete(':id/secrets/:secretId')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: ClientSecretDto })
  revokeSecret(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('secretId') secretId: string) {
    ids([id, 'Agent'], [secretId, 'Secret']);
    return this.creds.revokeSecret(t, id, secretId);
  }

  @Get(':id/keys')
  @Access('read')
  @ZodResponse({ type: AgentKeyListDto })
  async keys(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    ids([id, 'Agent']);
    return { items: await this.creds.listKeys(t, id) };
  }

  @Post(':id/keys')
  @Access('write')
  @ZodResponse({ status: 201, type: AgentKeyListDto })
  async addKey(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: AddKeyDto) {
    ids([id, 'Agent']);
    return { items: await this.creds.addKeys(t, id, body.jwk) };
  }

  @Delete(':id/keys/:keyId')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: AgentKeyDto })
  revokeKey(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('keyId') keyId: string) {
    ids([id, 'Agent'], [keyId, 'Key']);
    return this.creds.revokeKey(t, id, keyId);
  }

  @Get(':id/api-keys')
  @Access('read')
  @ZodResponse({ type: AgentApiKeyListDto })
  async apiKeys(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    ids([id, 'Agent']);
    return { items: await this.creds.listApiKeys(t, id) };
  }

  @Post(':id/api-keys')
  @Access('write')
  @ZodResponse({ status: 201, type: CreatedAgentApiKeyDto })
  createApiKey(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: CreateApiKeyDto) {
    ids([id, 'Agent']);
    return this.creds.createApiKey(t, id, body as Required<typeof body>);
  }

  @Delete(':id/api-keys/:keyId')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: AgentApiKeyDto })
  revokeApiKey(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('keyId') keyId: string) {
    ids([id, 'Agent'], [keyId, 'API key']);
    return this.creds.revokeApiKey(t, id, keyId);
  }
}
