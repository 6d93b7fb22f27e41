import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import Fastify from 'fastify';
import { requireBearerAuth } from '@modelcontextprotocol/sdk/server/auth/middleware/bearerAuth.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalIssuer, type LocalIssuer, type SigningKey } from '../test-support/local-issuer.js';
import {
  createTokenVerifier,
  expressBearerAuth,
  fastifyBearerAuth,
  nodeHttpBearerAuth,
  type TokenVerifier,
} from './index.js';
import { mcpTokenVerifier } from './mcp/index.js';

let issuer: LocalIssuer;
let key: SigningKey;
let verifier: TokenVerifier;
const METADATA = 'https://mcp.example.com/.well-known/oauth-protected-resource/mcp';
const options = { resourceMetadataUrl: METADATA };

beforeAll(async () => {
  issuer = await startLocalIssuer();
  key = await issuer.newKey('ES256');
  issuer.published = [key];
  verifier = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience });
});
afterAll(() => issuer.close());

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
}

/** Each server answers 200 with the client id it saw in `auth`. */
const servers: Record<string, () => Promise<{ url: string; close: () => Promise<unknown> }>> = {
  'node:http': async () => {
    const auth = nodeHttpBearerAuth(verifier, options);
    const server = createServer(async (req, res) => {
      if (!(await auth(req, res))) return;
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ clientId: (req as { auth?: { clientId: string } }).auth?.clientId }));
    });
    return { url: await listen(server), close: () => new Promise((r) => server.close(r)) };
  },
  express: async () => {
    const app = express();
    app.use('/mcp', expressBearerAuth(verifier, options), (req, res) => {
      res.json({ clientId: (req as unknown as { auth?: { clientId: string } }).auth?.clientId });
    });
    const server = createServer(app);
    return { url: await listen(server), close: () => new Promise((r) => server.close(r)) };
  },
  fastify: async () => {
    const app = Fastify();
    app.addHook('onRequest', fastifyBearerAuth(verifier, options));
    app.all('/mcp', async (request) => ({
      clientId: (request.raw as { auth?: { clientId: string } }).auth?.clientId,
    }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    return {
      url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`,
      close: () => app.close(),
    };
  },
  'MCP SDK requireBearerAuth': async () => {
    const app = express();
    app.use(
      '/mcp',
      requireBearerAuth({ verifier: mcpTokenVerifier(verifier), resourceMetadataUrl: METADATA }),
      (req, res) => {
        res.json({ clientId: req.auth?.clientId });
      },
    );
    const server = createServer(app);
    return { url: await listen(server), close: () => new Promise((r) => server.close(r)) };
  },
};

describe.each(Object.keys(servers))('%s', (name) => {
  let target: Awaited<ReturnType<(typeof servers)[string]>>;
  beforeAll(async () => {
    target = await servers[name]!();
  });
  afterAll(() => target.close());

  const call = (authorization?: string) =>
    fetch(target.url, { method: 'POST', headers: authorization ? { authorization } : {} });

  it('lets a platform token through with its agent', async () => {
    const res = await call(`Bearer ${await issuer.sign(key, { client_id: 'agent-9', sub: 'agent-9' })}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ clientId: 'agent-9' });
  });

  it('answers 401 with a challenge naming the resource metadata, with and without a token', async () => {
    const none = await call();
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain(`resource_metadata="${METADATA}"`);
    const bad = await call(`Bearer ${await issuer.sign(key, { aud: 'https://elsewhere.example.com/mcp' })}`);
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toMatch(
      /^Bearer error="invalid_token", error_description="[^"]*aud[^"]*"/,
    );
    expect(bad.headers.get('www-authenticate')).toContain(`resource_metadata="${METADATA}"`);
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_token');
  });
});

describe('bearer rules', () => {
  it('answers 403 insufficient_scope when a required scope is missing, and 400 to two Authorization headers', async () => {
    const auth = nodeHttpBearerAuth(verifier, { ...options, requiredScopes: ['mcp:admin'] });
    const server = createServer(async (req, res) => {
      if (await auth(req, res)) res.writeHead(200).end();
    });
    const url = await listen(server);
    try {
      const token = await issuer.sign(key);
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(res.status).toBe(403);
      expect(res.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
      expect(res.headers.get('www-authenticate')).toContain('scope="mcp:admin"');
      // fetch joins duplicate headers; a raw request sends two.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          url,
          {
            headers: [
              ['authorization', `Bearer ${token}`],
              ['authorization', 'Bearer other'],
            ] as unknown as Record<string, string>,
          },
          (r) => resolve(r.statusCode!),
        );
        req.on('error', reject).end();
      });
      expect(status).toBe(400);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  /** docs/sdk.md's stateless MCP server: one server and transport per request. */
  async function serveMcp(req: IncomingMessage, res: ServerResponse, body?: unknown) {
    const mcp = new McpServer({ name: 'whoami', version: '1.0.0' });
    mcp.registerTool('whoami', { description: 'the calling agent' }, async (extra) => ({
      content: [{ type: 'text', text: `${extra.authInfo?.clientId} ${extra.authInfo?.scopes.join(',')}` }],
    }));
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    res.on('close', () => void mcp.close());
    await mcp.connect(transport);
    await transport.handleRequest(req, res, body);
  }

  const mcpServers: Record<string, () => Promise<{ url: string; close: () => Promise<unknown> }>> = {
    express: async () => {
      const app = express();
      app.use(express.json());
      app.post('/mcp', expressBearerAuth(verifier, options), (req, res) => serveMcp(req, res, req.body));
      const server = createServer(app);
      return { url: await listen(server), close: () => new Promise((r) => server.close(r)) };
    },
    fastify: async () => {
      const app = Fastify();
      await app.register(async (scope) => {
        scope.addHook('onRequest', fastifyBearerAuth(verifier, options));
        scope.post('/mcp', async (request, reply) => {
          reply.hijack();
          await serveMcp(request.raw, reply.raw, request.body);
        });
      });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return {
        url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/mcp`,
        close: () => app.close(),
      };
    },
  };

  it.each(Object.keys(mcpServers))(
    'hands the agent to MCP tool handlers behind the %s middleware',
    async (name) => {
      const target = await mcpServers[name]!();
      try {
        const token = await issuer.sign(key, {
          client_id: 'agent-5',
          sub: 'agent-5',
          scope: 'mcp:tools:whoami',
        });
        const client = new Client({ name: 't', version: '1' });
        await client.connect(
          new StreamableHTTPClientTransport(new URL(target.url), {
            requestInit: { headers: { authorization: `Bearer ${token}` } },
          }),
        );
        const result = await client.callTool({ name: 'whoami', arguments: {} });
        expect(result.content).toEqual([{ type: 'text', text: 'agent-5 mcp:tools:whoami' }]);
        await client.close();
      } finally {
        await target.close();
      }
    },
  );
});
