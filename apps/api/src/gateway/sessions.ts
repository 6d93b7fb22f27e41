// MCP sessions through the gateway. The client sees our own random session id; it maps to the
// upstream's id and is bound to the agent and server that opened it. The id never
// authenticates anything: every request still carries its own token.
//
// A session also remembers what the gateway needs to judge messages on later requests: the
// protocol version it negotiated (batches are refused for versions without them, also when a
// client omits the header), and the requests whose answers are still streaming, so that an
// answer replayed on a resumed stream (GET with Last-Event-ID) is judged against its request
// like any other. Both live in Redis: any node can continue a session.
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomToken } from '@portcullis/auth-core';
import type { JsonRpcId, PendingRequest } from '@portcullis/mcp-pipeline';
import { AppConfig, CONFIG } from '../config/config';
import { REDIS } from '../infra/redis';

export interface GatewaySession {
  upstreamSessionId: string;
  /** The owner (caller.ts sessionOwner): the agent's id, or a person through one client. Named so for sessions stored before people. */
  agentId: string;
  serverId: string;
  protocolVersion?: string;
}

const TTL_SEC = 24 * 3600;
/** How long a streamed request stays answerable on a resumed stream. */
const PENDING_TTL_SEC = 3600;
const MAX_LOCAL = 100_000;

/** The key of a JSON-RPC id: 1 and "1" are different ids. */
export const idKey = (id: JsonRpcId) => (typeof id === 'number' ? `n${id}` : `s${id}`);

/** Without Redis no node can open a session or find one it did not open: 503, never a guess. */
function unavailable(): never {
  throw Object.assign(new Error('The session store is unavailable.'), { statusCode: 503 });
}

@Injectable()
export class GatewaySessions {
  private readonly logger = new Logger(GatewaySessions.name);
  private readonly local = new Map<string, GatewaySession>();
  private readonly prefix: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONFIG) config: AppConfig,
  ) {
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

  /** Records the version an initialize answer negotiated. */
  async setProtocolVersion(id: string, version: string): Promise<void> {
    const session = await this.get(id);
    if (!session || session.protocolVersion === version) return;
    const next = { ...session, protocolVersion: version };
    this.remember(id, next);
    await this.redis.set(this.prefix + id, JSON.stringify(next), 'KEEPTTL');
  }

  async delete(id: string): Promise<void> {
    this.local.delete(id);
    await this.redis.del(this.prefix + id, `${this.prefix}${id}:pending`);
  }

  /** Remembers streamed requests for a later resume; best effort (a missing entry fails closed on resume). */
  rememberPending(id: string, pending: ReadonlyMap<string, PendingRequest>): void {
    if (pending.size === 0) return;
    const key = `${this.prefix}${id}:pending`;
    const fields: string[] = [];
    for (const [k, p] of pending) fields.push(k, JSON.stringify(p));
    this.redis
      .multi()
      .hset(key, ...fields)
      .expire(key, PENDING_TTL_SEC)
      .exec()
      .catch((e) => this.logger.warn({ err: e }, 'could not remember streamed requests for resumption'));
  }

  /** The request a resumed answer belongs to, if this session streamed it. */
  async pendingRequest(id: string, key: string): Promise<PendingRequest | undefined> {
    const raw = await this.redis.hget(`${this.prefix}${id}:pending`, key);
    return raw ? (JSON.parse(raw) as PendingRequest) : undefined;
  }

  private remember(id: string, s: GatewaySession): void {
    if (this.local.size > MAX_LOCAL) this.local.clear();
    this.local.set(id, s);
  }
}
