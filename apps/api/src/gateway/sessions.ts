// MCP sessions through the gateway. The client sees our own random session id; it maps to the
// upstream's id and is bound to the agent and server that opened it. The id never
// authenticates anything: every request still carries its own token.
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomToken } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from '../infra/redis';

export interface GatewaySession {
  upstreamSessionId: string;
  agentId: string;
  serverId: string;
}

const TTL_SEC = 24 * 3600;

/** Without Redis no node can open a session or find one it did not open: 503, never a guess. */
function unavailable(): never {
  throw Object.assign(new Error('The session store is unavailable.'), { statusCode: 503 });
}

@Injectable()
export class GatewaySessions {
  private readonly local = new Map<string, GatewaySession>();
  private readonly prefix: string;

  constructor(@Inject(REDIS) private readonly redis: Redis, @Inject(CONFIG) config: AppConfig) {
    this.prefix = `${config.REDIS_PREFIX}:mcp-session:`;
  }

  async create(session: GatewaySession): Promise<string> {
    const id = randomToken(24);
    await this.redis.set(this.prefix + id, JSON.stringify(session), 'EX', TTL_SEC).catch(unavailable);
    this.remember(id, session);
    return id;
  }

  async get(id: string): Promise<GatewaySession | null> {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return null;
    const hit = this.local.get(id);
    if (hit) return hit;
    const raw = await this.redis.get(this.prefix + id).catch(unavailable);
    if (!raw) return null;
    const session = JSON.parse(raw) as GatewaySession;
    this.remember(id, session);
    return session;
  }

  async delete(id: string): Promise<void> {
    this.local.delete(id);
    await this.redis.del(this.prefix + id);
  }

  private remember(id: string, s: GatewaySession): void {
    if (this.local.size > 100_000) this.local.clear();
    this.local.set(id, s);
  }
}
