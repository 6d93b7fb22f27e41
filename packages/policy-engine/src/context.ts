// What the engine knows about one call. The gateway fills it; the simulator makes one up.

export type Direction = 'request' | 'response';

export interface CallContext {
  tenantId: string;
  /**
   * Who calls: an agent's id, or `user:<userId>` for a person calling through an MCP host.
   * Policies targeting an agent match its id; per-agent limits count per person for people.
   */
  agentId: string;
  /** The OAuth client used: the agent's own client_id, or the MCP host a person uses. Counted by `per: client` limits. */
  clientId?: string;
  serverId: string;
  /** The tool being called (tools/call); absent for other JSON-RPC methods. */
  tool?: string;
  /** JSON-RPC method, e.g. 'tools/call', 'tools/list'. */
  method: string;
  /** Client address as resolved by clientIp(). */
  ip: string;
  /** ISO 3166-1 alpha-2 code if already resolved; otherwise options.geo resolves it when needed. */
  country?: string;
  /** The instant of the call (a Date or epoch milliseconds). */
  now: Date | number;
  /** The tenant's IANA zone, used by time windows without their own zone and by quotas. */
  timeZone: string;
  /** 'request': tool arguments going up; 'response': tool results coming back. */
  direction: Direction;
  /** Parsed JSON to scan: the call's params on the way up, its result on the way down. */
  payload?: unknown;
  /** UTF-8 size of the payload as received, when known (saves re-serialising for maxBytes). */
  payloadBytes?: number;
}
