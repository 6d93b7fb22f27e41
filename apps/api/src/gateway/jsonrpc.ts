// JSON-RPC answers the gateway gives itself (refusals, upstream failures), in the shape any
// MCP client can show.
export type JsonRpcId = string | number | null;

export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  /** Implementation-defined server errors (-32000..-32099). */
  notPermitted: -32001,
  upstreamUnavailable: -32002,
  upstreamTimeout: -32003,
  payloadTooLarge: -32004,
} as const;

export function rpcError(id: JsonRpcId, code: number, message: string, data?: unknown) {
  return { jsonrpc: '2.0' as const, id, error: { code, message, ...(data === undefined ? {} : { data }) } };
}

export interface RpcMessage {
  jsonrpc?: unknown;
  id?: JsonRpcId;
  method?: unknown;
  params?: unknown;
  result?: unknown;
  error?: unknown;
}

export function isRequest(m: RpcMessage): boolean {
  return typeof m.method === 'string' && m.id !== undefined && m.id !== null;
}
