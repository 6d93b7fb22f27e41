import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { AUDIT_ACTIONS } from '@portcullis/audit-core';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { assertUuid } from '../common/ids';
import { SinksService } from './sinks.service';

const Actions = z.array(z.enum(AUDIT_ACTIONS)).max(AUDIT_ACTIONS.length).default([]);
class CreateSinkDto extends createZodDto(z.strictObject({
  name: z.string().trim().min(1).max(120),
  kind: z.enum(['webhook', 'jsonl']),
  url: z.url().max(2048).optional(),
  actions: Actions,
})) {}
class UpdateSinkDto extends createZodDto(z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  enabled: z.boolean().optional(),
  actions: z.array(z.enum(AUDIT_ACTIONS)).optional(),
  url: z.url().max(2048).optional(),
})) {}
class DeliveryQueryDto extends createZodDto(z.object({ status: z.enum(['pending', 'delivered', 'dead']).optional() })) {}

@ApiTags('audit-sinks')
@Controller('api/v1/audit/sinks')
export class SinksController {
  constructor(private readonly sinks: SinksService) {}

  @Get()
  @Access('read')
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.sinks.list(t) };
  }

  /** The webhook signing secret is in this response only. */
  @Post()
  @Access('write')
  create(@CurrentTenant() t: TenantContext, @Body() body: CreateSinkDto) {
    return this.sinks.create(t, body as z.infer<typeof CreateSinkDto.schema> & { actions: string[] });
  }

  @Patch(':id')
  @Access('write')
  update(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Body() body: UpdateSinkDto) {
    assertUuid(id, 'Sink');
    return this.sinks.update(t, id, body);
  }

  @Delete(':id')
  @Access('write')
  @HttpCode(204)
  async remove(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'Sink');
    await this.sinks.remove(t, id);
  }

  @Get(':id/deliveries')
  @Access('read')
  async deliveries(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Query() q: DeliveryQueryDto) {
    assertUuid(id, 'Sink');
    return { items: await this.sinks.deliveries(t, id, q.status) };
  }

  @Post(':id/deliveries/:deliveryId/redrive')
  @Access('write')
  @HttpCode(202)
  redrive(@CurrentTenant() t: TenantContext, @Param('id') id: string, @Param('deliveryId') deliveryId: string) {
    assertUuid(id, 'Sink');
    assertUuid(deliveryId, 'Delivery');
    return this.sinks.redrive(t, id, deliveryId);
  }
}
