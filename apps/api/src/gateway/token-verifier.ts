// Access-token checks at the gateway. A signature check costs more than everything else on
// the path, so a token that verified is remembered (keyed by its hash, never past its exp,
// dropped when revoked) and an agent's next calls skip it.
import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { TokenError, verifyAccessToken, type AccessTokenClaims } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { InvalidationBus } from '../infra/invalidation';
import { issuerUrl } from '../oauth/issuer';
import { SigningKeysService } from '../oauth/signing-keys.service';
import { TokenState } from '../oauth/token-state';

export interface VerifiedToken {
  claims: AccessTokenClaims;
  scopes: string[];
}

const MAX_ENTRIES = 100_000;

@Injectable()
export class TokenVerifier {
  private readonly verified = new Map<string, { token: VerifiedToken; expMs: number; tenantId: string }>();
  private readonly byJti = new Map<string, string>();
  private readonly lastRefresh = new Map<string, number>();

  constructor(
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly keys: SigningKeysService,
    private readonly state: TokenState,
    bus: InvalidationBus,
  ) {
    bus.on((e) => {
      if (e.kind === 'token') {
        const h = this.byJti.get(e.jti);
        if (h) this.verified.delete(h);
      } else if (e.kind === 'keys' || e.kind === 'tenant') {
        for (const [h, v] of this.verified) if (v.tenantId === e.tenantId) this.verified.delete(h);
      }
    });
  }

  /** The verified token, or a TokenError saying why not. */
  async verify(token: string, tenant: { id: string; slug: string }, audience: string): Promise<VerifiedToken> {
    const hash = createHash('sha256').update(token).digest('base64url');
    const now = Date.now();
    const hit = this.verified.get(hash);
    if (hit) {
      if (hit.expMs > now && hit.tenantId === tenant.id && hit.token.claims.aud === audience) return hit.token;
      if (hit.expMs <= now) this.verified.delete(hash);
    }
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
      // An unknown kid may be a key another node just published: one rate-limited reload.
      if (!(e instanceof TokenError) || e.code !== 'unknown_kid' || !this.mayRefresh(tenant.id, now)) throw e;
      this.keys.forget(tenant.id);
      ring = await this.keys.ring(tenant.id);
      result = await verifyAccessToken(token, options());
    }
    if (await this.state.isRevoked(result.claims.jti)) throw new TokenError('expired', 'token was revoked');
    const verified = { claims: result.claims, scopes: result.scopes };
    if (this.verified.size >= MAX_ENTRIES) {
      this.verified.clear();
      this.byJti.clear();
    }
    this.verified.set(hash, { token: verified, expMs: result.claims.exp * 1000, tenantId: tenant.id });
    this.byJti.set(result.claims.jti, hash);
    return verified;
  }

  private mayRefresh(tenantId: string, now: number): boolean {
    const last = this.lastRefresh.get(tenantId) ?? 0;
    if (now - last < 10_000) return false;
    this.lastRefresh.set(tenantId, now);
    return true;
  }
}
