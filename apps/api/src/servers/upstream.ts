// Talking to a registered upstream MCP server as a client (tool discovery, connection test),
// with the server's own credential, through the platform's one outbound path.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError } from '@modelcontextprotocol/sdk/client/auth.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { upstreamHeaderNameRefusal, upstreamHeaderValueRefusal } from '@portcullis/auth-core';
import { OutboundError, outboundFetch, type Outbound } from '@portcullis/outbound';
import { AppError, type FieldError } from '../common/errors';
import { definitionOf, type DiscoveredTool } from '@portcullis/mcp-pipeline';

export type UpstreamCredential =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'header'; headerName: string; value: string };

export function credentialHeaders(c: UpstreamCredential): Record<string, string> {
  if (c.type === 'bearer') return { Authorization: `Bearer ${c.token}` };
  if (c.type === 'header') return { [c.headerName]: c.value };
  return {};
}

/** Refuses a credential the upstream request could not carry safely (the same rule applies per request). */
export function assertAllowedCredential(auth: UpstreamCredential): void {
  const errors: FieldError[] = [];
  if (auth.type === 'header') {
    const name = upstreamHeaderNameRefusal(auth.headerName);
    if (name) errors.push({ path: 'upstreamAuth.headerName', message: name });
  }
  const value = auth.type === 'header' ? auth.value : auth.type === 'bearer' ? auth.token : '';
  const valueRefusal = value ? upstreamHeaderValueRefusal(value) : null;
  if (valueRefusal)
    errors.push({
      path: auth.type === 'header' ? 'upstreamAuth.value' : 'upstreamAuth.token',
      message: valueRefusal,
    });
  if (errors.length)
    throw new AppError('validation_failed', 'The upstream credential cannot be sent.', { errors });
}

const TIMEOUT_MS = 15_000;
const MAX_PAGES = 50;

/** Connects with the official MCP SDK client, pages through tools/list, and disconnects. */
export async function discoverTools(
  outbound: Outbound,
  url: string,
  credential: UpstreamCredential,
): Promise<{ serverName: string | null; tools: DiscoveredTool[] }> {
  const client = new Client({ name: 'portcullis-discovery', version: '1.0.0' });
  // A message exchange that fails (a redirect, a limit) ends discovery with that error at once:
  // the SDK would only log a broken SSE stream and let its request wait for the timeout. The
  // long-lived GET stream is not a message exchange, and a cancel is the SDK's own doing.
  let failure: OutboundError | undefined;
  const fetch = outboundFetch(outbound, {
    customHeaders: credentialHeaders(credential),
    onFailure: (e, method) => {
      if (method === 'GET' || e.code === 'aborted' || failure) return;
      failure = e;
      void client.close().catch(() => undefined);
    },
  });
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url), { fetch }), { timeout: TIMEOUT_MS });
    const tools: DiscoveredTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await client.listTools(cursor ? { cursor } : {}, { timeout: TIMEOUT_MS });
      for (const t of res.tools)
        tools.push({ name: t.name, definition: definitionOf(t as unknown as Record<string, unknown>) });
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    return { serverName: client.getServerVersion()?.name ?? null, tools };
  } catch (e) {
    throw failure ?? e;
  } finally {
    await client.close().catch(() => undefined);
  }
}

/**
 * A short description of why talking to the upstream failed, for the tenant: never the
 * upstream's own words (an error body, a JSON-RPC error message), a secret or an address.
 */
export function describeUpstreamError(e: unknown): string {
  if (e instanceof OutboundError) return e.message;
  if (e instanceof UnauthorizedError) return 'the server refused the credential';
  if (e instanceof StreamableHTTPError) {
    const status = e.code ?? 0;
    return status === 401 || status === 403
      ? `the server refused the credential (HTTP ${status})`
      : status > 0
        ? `the server answered HTTP ${status}`
        : 'the server answered with an unexpected content type';
  }
  if (e instanceof McpError)
    return e.code === ErrorCode.RequestTimeout
      ? 'the server did not answer in time'
      : `the server answered with MCP error ${e.code}`;
  return 'the server did not answer as an MCP server';
}
