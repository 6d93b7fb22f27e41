import { Body, Controller, Get, Patch } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { Tenant, UpdateTenantRequest } from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { TenantsService } from './tenants.service';

class UpdateTenantDto extends createZodDto(UpdateTenantRequest) {}
class TenantDto extends createZodDto(Tenant) {}

@ApiTags('tenant')
@Controller('api/v1/tenant')
export class TenantsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: TenantDto })
  get(@CurrentTenant() t: TenantContext) {
    return this.tenants.get(t);
  }

  @Patch()
  @Access('owner')
  @ZodResponse({ type: TenantDto })
  update(@CurrentTenant() t: TenantContext, @Body() body: UpdateTenantDto) {
    return this.tenants.update(t, body);
  }
}
