// Grants of people's clients (OAuthGrant): one authorization of a client by a member for a
// server, and the family of refresh tokens it rotates through. Refresh tokens are stored as
// keyed hashes; the access tokens a grant minted are remembered in Redis (until they expire)
// so that revoking the grant revokes them too, on every node.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { afterCommit, Prisma, type OAuthGrant } from '@portcullis/db';
import { mintPrefixedSecret, type SecretHasher } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { SECRET_HASHER } from '../infra/core.module';
import { TenantDbFactory } from '../infra/database';
import { InvalidationBus } from '../infra/invalidation';
import { REDIS } from '../infra/redis';
import { TokenState } from './token-state';

export const REFRESH_TOKEN_PREFIX = 'pcrt';

export type RevokeReason =
  | 'code_reused'
  | 'refresh_reused'
  | 'consent_revoked'
  | 'member_removed'
  | 'client_disabled'
  | 'client_removed'
  | 'expired'
  | 'access_lost'
  | 'revoked_by_client';

type Tx = Prisma.TransactionClient;

export interface NewGrant {
  tenantId: string;
  userId: string;
  clientRowId: string;
  serverId: string;
  resource: string;
  scopes: string[];
}

@Injectable()
export class GrantFamilies {
  private readonly logger = new Logger(GrantFamilies.name);
  private readonly prefix: string;

  constructor(
    private readonly tenantDbs: TenantDbFactory,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    @Inject(CONFIG) config: AppConfig,
    private readonly tokens: TokenState,
    private readonly bus: InvalidationBus,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:oauth:grant-jti:`;
  }

  hashRefreshToken(token: string): string {
    return this.hasher.hash(token);
  }

  /** A new grant, with its first refresh token when the client may refresh. */
  /** `tx`: a plain or tenant-scoped transaction (their client types differ). */
  async create(
    tx: object,
    input: NewGrant,
    withRefreshToken: boolean,
  ): Promise<{ grant: OAuthGrant; refreshToken?: string }> {
    const grant = await (tx as Tx).oAuthGrant.create({ data: input });
    if (!withRefreshToken) return { grant };
    return { grant, refreshToken: await this.addRefreshToken(tx, grant) };
  }

  async addRefreshToken(tx: object, grant: Pick<OAuthGrant, 'id' | 'tenantId'>): Promise<string> {
    const token = mintPrefixedSecret(REFRESH_TOKEN_PREFIX);
    await (tx as Tx).oAuthRefreshToken.create({
      data: { tenantId: grant.tenantId, grantId: grant.id, hash: this.hashRefreshToken(token) },
    });
    return token;
  }

  /** Remembers an access token a grant minted, for as long as it is valid. */
  async recordAccessToken(grantId: string, jti: string, exp: number): Promise<void> {
    const ttl = exp - Math.floor(Date.now() / 1000);
    if (ttl <= 0) return;
    const key = this.prefix + grantId;
    // A grant's access tokens all live as long: the newest one expires last.
    await this.redis.multi().sadd(key, `${jti}:${exp}`).expire(key, ttl).exec();
  }

  /**
   * Revokes the grants `where` selects (live ones only) and every access token they minted.
   * Returns the revoked grants. Runs in `tx` when given; the token deny-list is written after.
   */
  async revoke(
    where: Prisma.OAuthGrantWhereInput & { tenantId: string },
    reason: RevokeReason,
    tx?: object,
  ): Promise<OAuthGrant[]> {
    const run = async (t: Tx) => {
      const live = await t.oAuthGrant.findMany({ where: { ...where, revokedAt: null } });
      if (live.length > 0) {
        await t.oAuthGrant.updateMany({
          where: { id: { in: live.map((g) => g.id) }, revokedAt: null },
          data: { revokedAt: new Date(), revokedReason: reason },
        });
      }
      return live;
    };
    // `tx` may be a tenant-scoped transaction (its client type differs from Prisma's plain one).
    if (!tx) {
      const revoked = await this.tenantDbs
        .forTenant(where.tenantId)
        .$transaction((t) => run(t as object as Tx));
      await this.revokeAccessTokens(revoked);
      return revoked;
    }
    // Inside the caller's transaction: the deny-list (Redis, and the database through another
    // connection) is written once it commits, never while it holds the database.
    const revoked = await run(tx as Tx);
    afterCommit(
      tx,
      () =>
        void this.revokeAccessTokens(revoked).catch((e) =>
          this.logger.error({ err: e }, 'could not deny-list the access tokens of revoked grants'),
        ),
    );
    return revoked;
  }

  /** Puts the access tokens of these grants on the deny-list (and drops them from every node's cache). */
  async revokeAccessTokens(grants: readonly Pick<OAuthGrant, 'id' | 'tenantId'>[]): Promise<void> {
    for (const g of grants) {
      for (const m of await this.redis.smembers(this.prefix + g.id)) {
        const [jti, exp] = m.split(':');
        await this.revokeAccessToken(g.tenantId, jti!, Number(exp));
      }
    }
  }

  async revokeAccessToken(tenantId: string, jti: string, exp: number): Promise<void> {
    await this.tokens.revoke(tenantId, jti, exp);
    await this.bus.publish({ kind: 'token', tenantId, jti });
  }
}
