// The signed-in person's side of people's MCP hosts: the consent page's request and decision,
// and their own consents (in every tenant they belong to), listed and revocable. Tenant-less
// routes under /auth, like sessions: they are about the person, not a tenant's data.
import { Controller, Req } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { peopleRoutes as r, type RouteInput } from '@portcullis/sdk';
import { CurrentPrincipal } from '../common/access';
import type { Principal } from '../common/principal';
import { AppError } from '../common/errors';
import { Handles, In } from '../common/route/handles';
import { AuthorizationsService } from './authorizations.service';
import { ConsentsService } from './consents.service';

function personOf(p: Principal): string {
  if (p.kind !== 'user')
    throw new AppError('forbidden', 'Only a signed-in person can do this, not an API token.');
  return p.userId;
}

@Controller()
export class PersonalController {
  constructor(
    private readonly authorizations: AuthorizationsService,
    private readonly consents: ConsentsService,
  ) {}

  @Handles(r.authorization)
  authorization(@CurrentPrincipal() p: Principal, @In() { params }: RouteInput<typeof r.authorization>) {
    return this.authorizations.view(personOf(p), params.id);
  }

  /** Allow or deny; the answer says where the browser goes next. CSRF token and Origin are checked like every cookie write. */
  @Handles(r.decide)
  decide(
    @CurrentPrincipal() p: Principal,
    @In() { params, body }: RouteInput<typeof r.decide>,
    @Req() req: FastifyRequest,
  ) {
    return this.authorizations.decide(personOf(p), params.id, body.decision, req.ip, String(req.id));
  }

  @Handles(r.myConsents)
  async myConsents(@CurrentPrincipal() p: Principal) {
    return { items: await this.consents.listForUser(personOf(p)) };
  }

  @Handles(r.revokeMyConsent)
  async revokeMine(@CurrentPrincipal() p: Principal, @In() { params }: RouteInput<typeof r.revokeMyConsent>) {
    await this.consents.revokeOwn(personOf(p), params.id);
  }
}
