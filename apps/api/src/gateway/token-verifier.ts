// Access-token checks at the gateway. A signature check costs more than everything else on
// the path, so a token that verified is remembered (keyed by its hash, never past its exp, stale
// once its tenant changes) and an agent's next calls skip it. Revocation is checked on every
// call, remembered tokens included, against the tenant's deny-list held in memory.
import { hash as digest } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TokenError, verifyAccessToken, type AccessTokenClaims } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { CacheCoherence } from '../infra/cache/cache-coherence';
import type { CoherentCache } from '../infra/cache/coherent-cache';
import { issuerUrl } from '../oauth/issuer';
import { SigningKeysService } from '../oauth/signing-keys.service';
import { TokenState } from '../oauth/token-state';

export interface VerifiedToken {
  claims: AccessTokenClaims;
  scopes: string[];
}

interface Presented {
  token: string;
  hash: string;
  tenant: { id: string; slug: string };
  audience: string;
}

@Injectable()
export class TokenVerifier {
  private readonly verified: CoherentCache<Presented, VerifiedToken>;
  private readonly lastRefresh = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeysService,
    private readonly state: TokenState,
    caches: CacheCoherence,
  ) {
    this.verified = caches.cache({
      name: 'verified-tokens',
      // The hash, never the token, is kept; a remembered token is good for one tenant and audience.
      keyOf: (p) => `${p.tenant.id} ${p.audience} ${p.hash}`,
      tenantOfKey: (p) => p.tenant.id,
      load: (p) => this.check(p.token, p.tenant, p.audience),
      expiresAt: (v) => v.claims.exp * 1000,
      max: 100_000,
    });
  }

  /** The verified token, or a TokenError saying why not. */
  async verify(
    token: string,
    tenant: { id: string; slug: string },
    audience: string,
  ): Promise<VerifiedToken> {
    const hash = digest('sha256', token, 'base64url');
    const verified = await this.verified.get({ token, hash, tenant, audience });
    if (await this.state.isRevoked(tenant.id, verified.claims.jti))
      throw new TokenError('expired', 'token was revoked');
    return verified;
  }

  /** Signature, issuer, audience and lifetime (a rejection is not remembered). */
  private async check(
    token: string,
    tenant: { id: string; slug: string },
    audience: string,
  ): Promise<VerifiedToken> {
    let ring = await this.keys.ring(tenant.id);
    const options = () => ({
      issuer: issuerUrl(this.config.PUBLIC_URL, tenant.slug),
      audience,
      keys: (kid: string) => ring.verificationKey(kid),
    });
    let result;
    try {
      result = await verifyAccessToken(token, options());
    } catch (e) {
      // An unknown kid may be a key another node published a moment ago: one rate-limited reload.
      if (!(e instanceof TokenError) || e.code !== 'unknown_kid' || !this.mayRefresh(tenant.id, Date.now()))
        throw e;
      this.keys.forget(tenant.id);
      ring = await this.keys.ring(tenant.id);
      result = await verifyAccessToken(token, options());
    }
    return { claims: result.claims, scopes: result.scopes };
  }

  private mayRefresh(tenantId: string, now: number): boolean {
    const last = this.lastRefresh.get(tenantId) ?? 0;
    if (now - last < 10_000) return false;
    this.lastRefresh.set(tenantId, now);
    return true;
  }
}
