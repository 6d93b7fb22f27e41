// Streamable HTTP front door: auth, Origin, routing, and per-session (or per-request) MCP servers.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { createTokenVerifier, nodeHttpBearerAuth } from '@portcullis/sdk/verifier';
import { checkBearer } from './auth.js';
import { BoundedEventStore } from './event-store.js';
import { formatUrl, isOriginAllowed, sendJsonRpcError } from './http.js';
import { createMcpServer } from './mcp.js';

export interface ExampleServerOptions {
  /** TCP port; 0 picks a free one. Default 7001. */
  port?: number;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string;
  /** MCP endpoint path. Default /mcp. */
  path?: string;
  /** When set, every MCP request needs `Authorization: Bearer <requiredToken>` (else 401). */
  requiredToken?: string;
  /**
   * Accept Portcullis access tokens directly (verified locally with @portcullis/sdk/verifier):
   * every MCP request needs a token of `issuer` for `audience` (this server's resource URI).
   */
  platformAuth?: PlatformAuthOptions;
  /** No sessions: a fresh MCP server per POST; GET and DELETE answer 405. Default false. */
  stateless?: boolean;
  /** Answer requests with application/json instead of an SSE stream. Default false. */
  jsonResponse?: boolean;
  /** Stateful SSE mode only: keep recent SSE events so a client can resume with GET + Last-Event-ID. */
  resumable?: boolean;
  /** Browser origins accepted besides loopback ones. */
  allowedOrigins?: string[];
  /** Sessions unused for this long are closed. Default 30 minutes. */
  sessionIdleMs?: number;
}

export interface PlatformAuthOptions {
  issuer: string;
  audience: string;
  /** Named in the 401 challenge (e.g. the platform's metadata URL for this server). */
  resourceMetadataUrl?: string;
}

export interface ExampleServer {
  /** The MCP endpoint, e.g. http://127.0.0.1:7001/mcp. */
  url: string;
  host: string;
  port: number;
  /** Number of live sessions (always 0 in stateless mode). */
  sessionCount(): number;
  close(): Promise<void>;
}

interface Session {
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  lastSeen: number;
}

export async function startExampleServer(options: ExampleServerOptions = {}): Promise<ExampleServer> {
  const host = options.host ?? '127.0.0.1';
  const path = options.path ?? '/mcp';
  const jsonResponse = options.jsonResponse ?? false;
  const allowedOrigins = options.allowedOrigins ?? [];
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const sessions = new Map<string, Session>();
  if (options.platformAuth && options.requiredToken !== undefined) {
    throw new Error('platformAuth and requiredToken are two ways to authenticate: choose one');
  }
  const platformAuth = options.platformAuth
    ? nodeHttpBearerAuth(
        createTokenVerifier({ issuer: options.platformAuth.issuer, audience: options.platformAuth.audience }),
        {
          resourceMetadataUrl: options.platformAuth.resourceMetadataUrl,
        },
      )
    : undefined;

  async function closeSession(id: string): Promise<void> {
    const session = sessions.get(id);
    if (!session) return;
    sessions.delete(id);
    await session.server.close();
  }

  async function handleStateless(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') {
      return sendJsonRpcError(res, 405, -32000, 'Method not allowed: this server is stateless', {
        allow: 'POST',
      });
    }
    // The SDK forbids reusing a stateless transport: one server and transport per request.
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: jsonResponse,
    });
    res.on('close', () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  }

  async function handleStateful(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessionId = req.headers['mcp-session-id'];
    if (typeof sessionId === 'string') {
      const session = sessions.get(sessionId);
      if (!session) return sendJsonRpcError(res, 404, -32001, 'Session not found');
      session.lastSeen = Date.now();
      return session.transport.handleRequest(req, res);
    }
    if (req.method !== 'POST') {
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    // No session yet: only an initialize request may open one (the transport answers 400 otherwise).
    const server = createMcpServer();
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      enableJsonResponse: jsonResponse,
      eventStore: options.resumable ? new BoundedEventStore() : undefined,
      onsessioninitialized: (id) => void sessions.set(id, { server, transport, lastSeen: Date.now() }),
      onsessionclosed: (id) => void closeSession(id),
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await server.connect(transport);
    await transport.handleRequest(req, res);
    if (transport.sessionId === undefined) await server.close();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { pathname } = new URL(req.url ?? '/', 'http://localhost');
    if (pathname === '/healthz' && req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (pathname !== path) return sendJsonRpcError(res, 404, -32000, 'Not found');
    if (req.method !== 'POST' && req.method !== 'GET' && req.method !== 'DELETE') {
      return sendJsonRpcError(res, 405, -32000, 'Method not allowed', { allow: 'POST, GET, DELETE' });
    }
    if (!isOriginAllowed(req.headers.origin, allowedOrigins)) {
      return sendJsonRpcError(res, 403, -32000, 'Forbidden: Origin not allowed');
    }
    if (options.requiredToken !== undefined) {
      const check = checkBearer(req.headers.authorization, options.requiredToken);
      if (!check.ok) {
        const challenge =
          check.reason === 'missing'
            ? 'Bearer realm="example-mcp-server"'
            : 'Bearer realm="example-mcp-server", error="invalid_token"';
        return sendJsonRpcError(res, 401, -32001, 'Unauthorized: upstream token required', {
          'www-authenticate': challenge,
        });
      }
    }
    // Sets req.auth, which the SDK's transport hands to tool handlers as extra.authInfo.
    if (platformAuth && !(await platformAuth(req, res))) return;
    return options.stateless ? handleStateless(req, res) : handleStateful(req, res);
  }

  const httpServer = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('example-mcp-server: request failed', error);
      if (!res.headersSent) sendJsonRpcError(res, 500, -32603, 'Internal error');
      else res.destroy();
    });
  });

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - idleMs;
      for (const [id, session] of sessions) if (session.lastSeen < cutoff) void closeSession(id);
    },
    Math.min(idleMs, 60_000),
  );
  sweep.unref();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(options.port ?? 7001, host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const port = (httpServer.address() as AddressInfo).port;

  return {
    url: formatUrl(host, port, path),
    host,
    port,
    sessionCount: () => sessions.size,
    async close() {
      clearInterval(sweep);
      await Promise.all([...sessions.keys()].map(closeSession));
      await new Promise<void>((resolve) => {
        httpServer.close(() => resolve());
        // Open SSE streams would otherwise keep close() waiting.
        httpServer.closeAllConnections();
      });
    },
  };
}
