import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { z } from 'zod';
import {
  ConnectionTestResult, CreateServerRequest, McpServer, McpServerList, McpTool, McpToolList, SyncResponse,
  TestConnectionRequest, UpdateServerRequest, UpdateToolRequest,
} from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { assertUuid } from '../common/ids';
import { ServersService } from './servers.service';

class CreateServerDto extends createZodDto(CreateServerRequest) {}
class UpdateServerDto extends createZodDto(UpdateServerRequest) {}
class TestConnectionDto extends createZodDto(TestConnectionRequest) {}
class UpdateToolDto extends createZodDto(UpdateToolRequest) {}
class ApproveToolDto extends createZodDto(z.strictObject({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/).optional() })) {}
class McpServerDto extends createZodDto(McpServer) {}
class McpServerListDto extends createZodDto(McpServerList) {}
class McpToolDto extends createZodDto(McpTool) {}
class McpToolListDto extends createZodDto(McpToolList) {}
class ConnectionTestResultDto extends createZodDto(ConnectionTestResult) {}
class SyncResponseDto extends createZodDto(SyncResponse) {}

@ApiTags('servers')
@Controller('api/v1/servers')
export class ServersController {
  constructor(private readonly servers: ServersService) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: McpServerListDto })
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.servers.list(t) };
  }

  @Post()
  @Access('write')
  @ZodResponse({ status: 201, type: McpServerDto })
  create(@CurrentTenant() t: TenantContext, @Body() body: CreateServerDto) {
    return this.servers.create(t, body as Required<typeof body>);
  }

  /** Checks an upstream before registering it: SSRF policy, MCP handshake, tools/list. */
  @Post('test-connection')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: ConnectionTestResultDto })
  test(@Body() body: TestConnectionDto) {
    return this.servers.testConnection(body.upstreamUrl, body.upstreamAuth ?? { type: 'none' });
  }

  @Get(':id')
  @Access('read')
  @ZodResponse({ type: McpServerDto })
  get(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Server');
    return this.servers.get(t, id);
  }

  @Patch(':id')
  @Access('write')
  @ZodResponse({ type: McpServerDto })
  update(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: UpdateServerDto) {
    assertUuid(id, 'Server');
    return this.servers.update(t, id, body);
  }

  @Delete(':id')
  @Access('write')
  @HttpCode(204)
  async remove(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Server');
    await this.servers.remove(t, id);
  }

  @Post(':id/sync')
  @Access('write')
  @HttpCode(202)
  @ZodResponse({ status: 202, type: SyncResponseDto })
  async sync(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Server');
    await this.servers.get(t, id);
    await this.servers.enqueueSync(t.tenantId, id);
    return { queued: true };
  }

  @Get(':id/tools')
  @Access('read')
  @ZodResponse({ type: McpToolListDto })
  async tools(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Server');
    return { items: await this.servers.tools(t, id) };
  }

  @Patch(':id/tools/:toolId')
  @Access('write')
  @ZodResponse({ type: McpToolDto })
  updateTool(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('toolId') toolId: string, @Body() body: UpdateToolDto) {
    assertUuid(id, 'Server');
    assertUuid(toolId, 'Tool');
    return this.servers.setToolEnabled(t, id, toolId, body.enabled);
  }

  @Post(':id/tools/:toolId/approve')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: McpToolDto })
  approve(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('toolId') toolId: string, @Body() body: ApproveToolDto) {
    assertUuid(id, 'Server');
    assertUuid(toolId, 'Tool');
    return this.servers.approveTool(t, id, toolId, body.fingerprint);
  }

  @Post(':id/tools/:toolId/reject')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: McpToolDto })
  reject(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('toolId') toolId: string) {
    assertUuid(id, 'Server');
    assertUuid(toolId, 'Tool');
    return this.servers.rejectTool(t, id, toolId);
  }
}
