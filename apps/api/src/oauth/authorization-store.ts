// Short-lived authorization state in Redis, keyed by keyed hashes only: the pending request
// between the authorization endpoint and the consent page (10 minutes, decided once), and the
// authorization code (60 seconds, redeemed once). A redeemed code leaves a marker naming the
// grant it minted, so presenting it again revokes that grant (RFC 6749 §4.1.2).
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomToken, type SecretHasher } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { SECRET_HASHER } from '../infra/core.module';
import { REDIS } from '../infra/redis';

/** A validated authorization request waiting for the member's decision. */
export interface PendingAuthorization {
  tenantId: string;
  clientRowId: string;
  clientId: string;
  redirectUri: string;
  /** Whether the request named redirect_uri (then the token request must repeat it). */
  redirectUriSent: boolean;
  state?: string;
  codeChallenge: string;
  serverId: string;
  resource: string;
  /** Requested scopes, checked but not yet cut to the member's rights. */
  scopes: string[];
  /** prompt=consent: ask even when the member allowed it before. */
  forceConsent: boolean;
  expiresAt: number;
}

/** What a code stands for. */
export interface CodeBinding {
  tenantId: string;
  clientRowId: string;
  userId: string;
  serverId: string;
  resource: string;
  scopes: string[];
  redirectUri: string;
  redirectUriSent: boolean;
  codeChallenge: string;
}

export type Redemption =
  | { kind: 'redeemed'; binding: CodeBinding; marker: string }
  /** Presented before: the grant it minted (revoke it), or none yet (the first redemption will revoke). */
  | { kind: 'reused'; grantId: string | null }
  | { kind: 'unknown' };

export const REQUEST_TTL_SEC = 600;
export const CODE_TTL_SEC = 60;
/** How long a redeemed code is remembered, so a replay is recognised as one. */
const USED_TTL_SEC = 600;

// GET and DEL the code, leaving a "pending" marker; or report the marker of an earlier
// redemption (turning "pending" into "reused", which the first redemption then acts on).
const REDEEM = `
local v = redis.call('GET', KEYS[1])
if v then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], 'pending', 'EX', ARGV[1])
  return {1, v}
end
local u = redis.call('GET', KEYS[2])
if u then
  if u == 'pending' then redis.call('SET', KEYS[2], 'reused', 'KEEPTTL') end
  return {2, u}
end
return {0, false}`;

// Records the grant a redemption minted, unless the code was replayed meanwhile (returns 0).
const SETTLE = `
if redis.call('GET', KEYS[1]) == 'reused' then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 1`;

@Injectable()
export class AuthorizationStore {
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(SECRET_HASHER) private readonly hasher: SecretHasher,
    @Inject(CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.REDIS_PREFIX}:oauth`;
  }

  private requestKey(id: string) {
    return `${this.prefix}:request:${this.hasher.hash(`authz-request:${id}`)}`;
  }

  async saveRequest(
    request: Omit<PendingAuthorization, 'expiresAt'>,
  ): Promise<{ id: string; expiresAt: number }> {
    const id = randomToken(32);
    const expiresAt = Date.now() + REQUEST_TTL_SEC * 1000;
    await this.redis.set(
      this.requestKey(id),
      JSON.stringify({ ...request, expiresAt }),
      'EX',
      REQUEST_TTL_SEC,
    );
    return { id, expiresAt };
  }

  async getRequest(id: string): Promise<PendingAuthorization | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const raw = await this.redis.get(this.requestKey(id));
    return raw ? (JSON.parse(raw) as PendingAuthorization) : null;
  }

  /** The request, removed: a request is decided once. */
  async takeRequest(id: string): Promise<PendingAuthorization | null> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(id)) return null;
    const raw = await this.redis.getdel(this.requestKey(id));
    return raw ? (JSON.parse(raw) as PendingAuthorization) : null;
  }

  private codeKeys(code: string): [string, string] {
    const h = this.hasher.hash(`authz-code:${code}`);
    return [`${this.prefix}:code:${h}`, `${this.prefix}:code-used:${h}`];
  }

  async issueCode(binding: CodeBinding): Promise<string> {
    const code = randomToken(32);
    await this.redis.set(this.codeKeys(code)[0], JSON.stringify(binding), 'EX', CODE_TTL_SEC);
    return code;
  }

  async redeem(code: string): Promise<Redemption> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(code)) return { kind: 'unknown' };
    const [codeKey, usedKey] = this.codeKeys(code);
    const [status, value] = (await this.redis.eval(REDEEM, 2, codeKey, usedKey, USED_TTL_SEC)) as [
      number,
      string | null,
    ];
    if (status === 1)
      return { kind: 'redeemed', binding: JSON.parse(value!) as CodeBinding, marker: usedKey };
    if (status === 2)
      return { kind: 'reused', grantId: value === 'pending' || value === 'reused' ? null : value };
    return { kind: 'unknown' };
  }

  /** Names the grant a redemption minted; false when the code was replayed meanwhile (revoke it). */
  async settle(marker: string, grantId: string): Promise<boolean> {
    return (await this.redis.eval(SETTLE, 1, marker, grantId)) === 1;
  }
}
