// The signed-in person's side of people's MCP hosts: the consent page's request and decision,
// and their own consents (in every tenant they belong to), listed and revocable. Tenant-less
// routes under /auth, like sessions: they are about the person, not a tenant's data.
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { AuthorizationDecision, AuthorizationDecisionRequest, AuthorizationRequestView, ConsentList } from '@portcullis/sdk';
import { assertUuid } from '../common/ids';
import { Access, CurrentPrincipal } from '../common/access';
import type { Principal } from '../common/principal';
import { AppError } from '../common/errors';
import { AuthorizationsService } from './authorizations.service';
import { ConsentsService } from './consents.service';

class AuthorizationRequestViewDto extends createZodDto(AuthorizationRequestView) {}
class AuthorizationDecisionRequestDto extends createZodDto(AuthorizationDecisionRequest) {}
class AuthorizationDecisionDto extends createZodDto(AuthorizationDecision) {}
class ConsentListDto extends createZodDto(ConsentList) {}

function personOf(p: Principal): string {
  if (p.kind !== 'user') throw new AppError('forbidden', 'Only a signed-in person can do this, not an API token.');
  return p.userId;
}

@ApiTags('auth')
@Controller('api/v1/auth')
export class PersonalController {
  constructor(private readonly authorizations: AuthorizationsService, private readonly consents: ConsentsService) {}

  @Get('authorizations/:id')
  @Access('authenticated')
  @ZodResponse({ type: AuthorizationRequestViewDto })
  authorization(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    return this.authorizations.view(personOf(p), id);
  }

  /** Allow or deny; the answer says where the browser goes next. CSRF token and Origin are checked like every cookie write. */
  @Post('authorizations/:id')
  @Access('authenticated')
  @HttpCode(200)
  @ZodResponse({ type: AuthorizationDecisionDto })
  decide(@CurrentPrincipal() p: Principal, @Param('id') id: string, @Body() body: AuthorizationDecisionRequestDto, @Req() req: FastifyRequest) {
    return this.authorizations.decide(personOf(p), id, body.decision, req.ip, String(req.id));
  }

  @Get('consents')
  @Access('authenticated')
  @ZodResponse({ type: ConsentListDto })
  async myConsents(@CurrentPrincipal() p: Principal) {
    return { items: await this.consents.listForUser(personOf(p)) };
  }

  @Delete('consents/:id')
  @Access('authenticated')
  @HttpCode(204)
  async revokeMine(@CurrentPrincipal() p: Principal, @Param('id') id: string) {
    assertUuid(id, 'Consent');
    await this.consents.revokeOwn(personOf(p), id);
  }
}
