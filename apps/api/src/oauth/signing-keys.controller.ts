import { Body, Controller, Get, HttpCode, Inject, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { RotateKeysRequest, RotateKeysResponse, SigningKeyList } from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { Access, CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { actorOf } from '../audit/audit.service';
import { asEndpoints } from './issuer';
import { SigningKeysService } from './signing-keys.service';

class RotateKeysDto extends createZodDto(RotateKeysRequest) {}
class RotateKeysResponseDto extends createZodDto(RotateKeysResponse) {}
class SigningKeyListDto extends createZodDto(SigningKeyList) {}

const iso = (d: Date | null) => d?.toISOString() ?? null;

@ApiTags('signing-keys')
@Controller('api/v1/signing-keys')
export class SigningKeysController {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Get()
  @Access('read')
  @ZodResponse({ type: SigningKeyListDto })
  async list(@CurrentTenant() t: TenantContext) {
    await this.keys.ring(t.tenantId); // creates the first key if there is none yet
    const tenant = await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    const ep = asEndpoints(this.config.PUBLIC_URL, tenant.slug);
    const rows = await this.keys.list(t.tenantId);
    return {
      issuer: ep.issuer,
      jwksUri: ep.jwks,
      items: rows.map((k) => ({
        kid: k.kid, alg: k.alg, state: k.state, createdAt: k.createdAt.toISOString(),
        activatedAt: iso(k.activatedAt), retiredAt: iso(k.retiredAt), publishUntil: iso(k.publishUntil),
      })),
    };
  }

  /** Rotate now: publish a new key; it starts signing once pre-published (KEY_PREPUBLISH_SEC). */
  @Post('rotate')
  @Access('write')
  @HttpCode(200)
  @ZodResponse({ type: RotateKeysResponseDto })
  async rotate(@CurrentTenant() t: TenantContext, @Body() body: RotateKeysDto) {
    const actions = await this.keys.applyRotation(t.tenantId, { force: true, alg: body.alg, actor: actorOf(t.principal) });
    return { actions };
  }
}
