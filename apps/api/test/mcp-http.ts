// Raw Streamable HTTP requests to the gateway, for tests that need the HTTP answer itself (its
// status and headers) rather than what the MCP SDK client makes of it.

/** The headers of an MCP POST, with a bearer token when one is given. */
export function mcpHeaders(token?: string, extra: Record<string, string> = {}) {
  return {
    'content-type': 'application/json',
    accept: 'application/json, text/event-stream',
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...extra,
  };
}

/** An `initialize` request; the answer's body is left to the caller. */
export function initializeAt(gatewayUrl: string, token: string, clientName = 'test'): Promise<Response> {
  return fetch(gatewayUrl, {
    method: 'POST',
    headers: mcpHeaders(token),
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: clientName, version: '1' },
      },
    }),
  });
}
