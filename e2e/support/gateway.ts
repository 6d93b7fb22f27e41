// An agent's side of the platform, driven by the test with fetch: a client secret, a token from
// the tenant's token endpoint, and MCP calls through the gateway.
import type { BrowserContext } from '@playwright/test';
import { apiUrl, expect } from './fixtures';
import { apiWrite, createAgentViaApi } from './platform';

export interface CallingAgent {
  id: string;
  clientId: string;
  secret: string;
}

/** An agent granted every tool of the server, with a client secret. */
export async function callingAgentViaApi(
  context: BrowserContext,
  name: string,
  serverId: string,
): Promise<CallingAgent> {
  const agent = await createAgentViaApi(context, name);
  const grant = await apiWrite(context, 'PUT', `/api/v1/agents/${agent.id}/grants/${serverId}`, {
    tools: '*',
  });
  expect(grant.status(), await grant.text()).toBe(200);
  const secret = await apiWrite(context, 'POST', `/api/v1/agents/${agent.id}/secrets`, {});
  expect(secret.status(), await secret.text()).toBe(201);
  const { clientSecret } = (await secret.json()) as { clientSecret: string };
  return { id: agent.id, clientId: agent.clientId, secret: clientSecret };
}

export async function mintToken(tenantSlug: string, agent: CallingAgent, resource: string): Promise<string> {
  const res = await fetch(`${apiUrl()}/t/${tenantSlug}/token`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${agent.clientId}:${agent.secret}`).toString('base64')}`,
      'Content-Type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ grant_type: 'client_credentials', resource }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.access_token!;
}

export interface RpcAnswer {
  status: number;
  headers: Headers;
  body: { result?: unknown; error?: { code: number; message: string } } | undefined;
}

/** An MCP session through the gateway: initialize once, then call tools. */
export async function openSession(gatewayUrl: string, token: string) {
  let id = 0;
  let sessionId: string | undefined;
  const post = async (method: string, params: unknown): Promise<RpcAnswer> => {
    const res = await fetch(gatewayUrl, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        Accept: 'application/json, text/event-stream',
        ...(sessionId ? { 'Mcp-Session-Id': sessionId } : {}),
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params }),
    });
    sessionId = res.headers.get('mcp-session-id') ?? sessionId;
    const text = await res.text();
    // JSON, or an SSE stream whose last data line is the answer.
    const data = text.trimStart().startsWith('{')
      ? text
      : (text
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .at(-1) ?? '');
    return { status: res.status, headers: res.headers, body: data ? JSON.parse(data) : undefined };
  };
  const init = await post('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'e2e', version: '1' },
  });
  expect(init.status, JSON.stringify(init.body)).toBe(200);
  return {
    callTool: (name: string, args: Record<string, unknown>) => post('tools/call', { name, arguments: args }),
  };
}
