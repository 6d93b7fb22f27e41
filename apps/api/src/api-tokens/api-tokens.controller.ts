import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { ApiToken, ApiTokenList, CreateApiTokenRequest, CreatedApiToken } from '@portcullis/sdk';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { ApiTokensService } from './api-tokens.service';
import { assertUuid } from '../common/ids';

class CreateApiTokenDto extends createZodDto(CreateApiTokenRequest) {}
class ApiTokenDto extends createZodDto(ApiToken) {}
class ApiTokenListDto extends createZodDto(ApiTokenList) {}
class CreatedApiTokenDto extends createZodDto(CreatedApiToken) {}

@ApiTags('api-tokens')
@Controller('api/v1/api-tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: ApiTokenListDto })
  async list(@CurrentTenant() t: TenantContext) {
    return { items: await this.tokens.list(t) };
  }

  @Post()
  @Access('write')
  @ZodResponse({ status: 201, type: CreatedApiTokenDto })
  create(@CurrentTenant() t: TenantContext, @Body() body: CreateApiTokenDto) {
    return this.tokens.create(t, body as Required<CreateApiTokenRequest>);
  }

  @Delete(':id')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: ApiTokenDto })
  revoke(@CurrentTenant() t: TenantContext, @Param('id') id: string) {
    assertUuid(id, 'API token');
    return this.tokens.revoke(t, id);
  }
}
