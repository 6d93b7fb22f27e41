import { Controller, Delete, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { JobView } from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { JobsService } from './jobs.service';

class JobViewDto extends createZodDto(JobView) {}

/** Jobs are read-only work (verification, back-tests): any member who may start one may follow or stop it. */
@ApiTags('jobs')
@Controller('api/v1/jobs')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get(':id')
  @Access('read')
  @ZodResponse({ type: JobViewDto })
  get(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    return this.jobs.get(t.tenantId, id);
  }

  @Delete(':id')
  @Access('read')
  @ZodResponse({ type: JobViewDto })
  cancel(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    return this.jobs.cancel(t.tenantId, id);
  }
}
