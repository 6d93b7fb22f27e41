// Talking to a registered upstream MCP server as a client (tool discovery, connection test),
// with the server's own credential and an SSRF check before every connection.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UpstreamUrlError, checkUpstreamUrl } from '@portcullis/auth-core';
import { AppError } from '../common/errors';
import type { AppConfig } from '../config/config';
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

/** Refuses private, loopback and link-local targets unless the deployment allows them. */
export async function assertSafeUpstream(url: string, config: AppConfig): Promise<void> {
  try {
    await checkUpstreamUrl(url, { allowLoopback: config.ALLOW_LOOPBACK_UPSTREAMS, allowPrivate: config.ALLOW_PRIVATE_UPSTREAMS });
  } catch (e) {
    if (e instanceof UpstreamUrlError) {
      throw new AppError('validation_failed', `The upstream URL is not allowed: ${e.message}`, {
        errors: [{ path: 'upstreamUrl', message: e.message }],
      });
    }
    throw e;
  }
}

const TIMEOUT_MS = 15_000;
const MAX_PAGES = 50;

/** Connects with the official MCP SDK client, pages through tools/list, and disconnects. */
export async function discoverTools(url: string, credential: UpstreamCredential): Promise<{ serverName: string | null; tools: DiscoveredTool[] }> {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: credentialHeaders(credential) } });
  const client = new Client({ name: 'portcullis-discovery', version: '1.0.0' });
  await client.connect(transport, { timeout: TIMEOUT_MS });
  try {
    const tools: DiscoveredTool[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await client.listTools(cursor ? { cursor } : {}, { timeout: TIMEOUT_MS });
      for (const t of res.tools) tools.push({ name: t.name, definition: definitionOf(t as unknown as Record<string, unknown>) });
      cursor = res.nextCursor;
      if (!cursor) break;
    }
    return { serverName: client.getServerVersion()?.name ?? null, tools };
  } finally {
    await client.close().catch(() => undefined);
  }
}

/** A short, secret-free description of why a connection failed. */
export function describeUpstreamError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.replace(/Bearer\s+\S+/gi, 'Bearer [redacted]').slice(0, 500);
}
