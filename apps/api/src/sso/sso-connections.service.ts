// A tenant's identity provider settings: read (never the secret), saved by owners after a
// discovery check of the issuer (refused before anything is stored when it does not answer as
// an OpenID provider), and removed. Each change is audited in the tenant's trail.
import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { Prisma } from '@portcullis/db';
import type { SsoConnection } from '@portcullis/db';
import { SecretBox } from '@portcullis/auth-core';
import { OutboundError, outboundFetch, type Outbound } from '@portcullis/outbound';
import type { PutSsoConnectionRequest, SsoConnectionView, SsoSettings } from '@portcullis/sdk';
import { AuditService } from '../audit/audit.service';
import type { TenantContext } from '../common/principal';
import { AppError } from '../common/errors';
import { AppConfig, CONFIG } from '../config/config';
import { PlatformOutbound } from '../infra/outbound';
import { SECRET_BOX } from '../infra/secret-box';

export const secretAad = (tenantId: string) => `tenant/${tenantId}/sso/client-secret`;

@Injectable()
export class SsoConnections {
  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly outbound: PlatformOutbound,
  ) {}

  /** Through the console's origin, so the session cookie the callback sets is first-party. */
  get redirectUri(): string {
    return `${this.config.CONSOLE_URL}/api/v1/auth/sso/callback`;
  }

  view(c: SsoConnection): SsoConnectionView {
    return {
      issuer: c.issuer,
      clientId: c.clientId,
      hasClientSecret: !!c.clientSecret,
      allowedDomains: c.allowedDomains,
      defaultRole: c.defaultRole,
      groupsClaim: c.groupsClaim,
      groupRoles: c.groupRoles as Record<string, SsoConnectionView['defaultRole']>,
      enabled: c.enabled,
      ssoRequired: c.ssoRequired,
      redirectUri: this.redirectUri,
      updatedAt: c.updatedAt.toISOString(),
    };
  }

  async settings(t: TenantContext): Promise<SsoSettings> {
    const row = await t.db.ssoConnection.findUnique({ where: { tenantId: t.tenantId } });
    return { connection: row ? this.view(row) : null, redirectUri: this.redirectUri };
  }

  /** The provider's configuration for sign-in (discovery), with its secret opened. */
  async discover(c: SsoConnection): Promise<oidc.Configuration> {
    const secret = c.clientSecret ? this.box.open(c.clientSecret, secretAad(c.tenantId)) : undefined;
    return discover(this.outbound, c.issuer, c.clientId, secret, this.config);
  }

  async put(
    t: TenantContext,
    input: PutSsoConnectionRequest & { allowedDomains: string[] },
  ): Promise<SsoSettings> {
    const existing = await t.db.ssoConnection.findUnique({ where: { tenantId: t.tenantId } });
    const clientSecret =
      input.clientSecret === undefined
        ? (existing?.clientSecret ?? null)
        : input.clientSecret === null
          ? null
          : this.box.seal(input.clientSecret, secretAad(t.tenantId));
    const plainSecret = clientSecret ? this.box.open(clientSecret, secretAad(t.tenantId)) : undefined;
    await discover(this.outbound, input.issuer, input.clientId, plainSecret, this.config).catch(
      (e: unknown) => {
        throw new AppError(
          'validation_failed',
          `The issuer did not answer as an OpenID provider: ${e instanceof Error ? e.message : String(e)}`,
          {
            errors: [{ path: 'issuer', message: 'No OpenID provider answers there.' }],
          },
        );
      },
    );
    const data = {
      issuer: input.issuer,
      clientId: input.clientId,
      clientSecret,
      allowedDomains: [...new Set(input.allowedDomains)],
      defaultRole: input.defaultRole ?? 'auditor',
      groupsClaim: input.groupsClaim ?? 'groups',
      groupRoles: (input.groupRoles ?? {}) as Prisma.InputJsonValue,
      enabled: input.enabled ?? true,
      ssoRequired: input.ssoRequired ?? false,
    };
    const row = await this.audit.inTransaction(t, async (t, audit) => {
      const saved = await t.db.ssoConnection.upsert({
        where: { tenantId: t.tenantId },
        update: data,
        create: { ...data, tenantId: t.tenantId },
      });
      await audit({
        action: 'tenant.sso_updated',
        target: { type: 'tenant', id: t.tenantId },
        outcome: 'success',
        details: {
          issuer: data.issuer,
          clientId: data.clientId,
          allowedDomains: data.allowedDomains,
          defaultRole: data.defaultRole,
          enabled: data.enabled,
          ssoRequired: data.ssoRequired,
          secretChanged: input.clientSecret !== undefined,
        },
      });
      return saved;
    });
    return { connection: this.view(row), redirectUri: this.redirectUri };
  }

  async remove(t: TenantContext): Promise<void> {
    await this.audit.inTransaction(t, async (t, audit) => {
      const { count } = await t.db.ssoConnection.deleteMany({ where: { tenantId: t.tenantId } });
      if (count === 0) throw new AppError('not_found', 'This tenant has no single sign-on.');
      await audit({
        action: 'tenant.sso_updated',
        target: { type: 'tenant', id: t.tenantId },
        outcome: 'success',
        details: { removed: true },
      });
    });
  }
}

/**
 * OpenID discovery, and every later request of the provider's Configuration (token endpoint,
 * JWKS), through the platform's outbound path: the issuer's address checked like an upstream's
 * (no metadata services, loopback only when allowed), connections only to the checked address,
 * no redirect followed, size and time limits.
 */
async function discover(
  outbound: Outbound,
  issuer: string,
  clientId: string,
  secret: string | undefined,
  config: AppConfig,
): Promise<oidc.Configuration> {
  try {
    await outbound.check(issuer);
  } catch (e) {
    if (e instanceof OutboundError) throw new Error(`the issuer is not allowed: ${e.message}`);
    throw e;
  }
  const http = new URL(issuer).protocol === 'http:';
  if (http && config.NODE_ENV === 'production') throw new Error('the issuer must use https');
  const fetcher = outboundFetch(outbound);
  return oidc.discovery(
    new URL(issuer),
    clientId,
    secret,
    secret ? oidc.ClientSecretPost(secret) : oidc.None(),
    {
      ...(http ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 10,
      [oidc.customFetch]: (url, o) => {
        // Token requests carry a form (URLSearchParams); the outbound fetch sends text or bytes.
        const body =
          o.body instanceof URLSearchParams
            ? o.body.toString()
            : (o.body as string | Uint8Array | null | undefined);
        return fetcher(url, {
          method: o.method,
          headers: o.headers,
          body,
          signal: o.signal,
          redirect: 'manual',
        });
      },
    },
  );
}
