import { Controller, Inject } from '@nestjs/common';
import { signingKeyRoutes as r, type RouteInput } from '@portcullis/sdk';
import { AppConfig, CONFIG } from '../config/config';
import { CurrentTenant } from '../common/access';
import type { TenantContext } from '../common/principal';
import { actorOf } from '../audit/audit.service';
import { Handles, In } from '../common/route/handles';
import { asEndpoints } from './issuer';
import { SigningKeysService } from './signing-keys.service';

const iso = (d: Date | null) => d?.toISOString() ?? null;

@Controller()
export class SigningKeysController {
  constructor(
    private readonly keys: SigningKeysService,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  @Handles(r.list)
  async list(@CurrentTenant() t: TenantContext) {
    await this.keys.ring(t.tenantId); // creates the first key if there is none yet
    const tenant = await t.db.tenant.findUniqueOrThrow({ where: { id: t.tenantId } });
    const ep = asEndpoints(this.config.PUBLIC_URL, tenant.slug);
    const rows = await this.keys.list(t.tenantId);
    return {
      issuer: ep.issuer,
      jwksUri: ep.jwks,
      items: rows.map((k) => ({
        kid: k.kid,
        alg: k.alg,
        state: k.state,
        createdAt: k.createdAt.toISOString(),
        activatedAt: iso(k.activatedAt),
        retiredAt: iso(k.retiredAt),
        publishUntil: iso(k.publishUntil),
      })),
    };
  }

  /** Rotate now: publish a new key; it starts signing once pre-published (KEY_PREPUBLISH_SEC). */
  @Handles(r.rotate)
  async rotate(@CurrentTenant() t: TenantContext, @In() { body }: RouteInput<typeof r.rotate>) {
    const actions = await this.keys.applyRotation(t.tenantId, {
      force: true,
      alg: body.alg,
      actor: actorOf(t.principal),
    });
    return { actions };
  }
}
