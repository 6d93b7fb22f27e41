// The MCP gateway: {PUBLIC_URL}/mcp/{tenant}/{server} for POST, GET and DELETE (Streamable
// HTTP), and its RFC 9728 metadata. Every call is authenticated, authorized message by
// message, forwarded with the server's own credential, filtered on the way back, and audited.
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { SCOPE_ALL_TOOLS, SCOPE_PROMPTS, SCOPE_RESOURCES } from '@portcullis/auth-core';
import { AppConfig, CONFIG } from '../config/config';
import { issuerUrl } from '../oauth/issuer';
import { TenantDirectory, type TenantRef } from '../oauth/tenant-directory';
import { CallerResolver, GatewayAuthError, type Caller } from './caller';
import { GatewayCalls } from './gateway-calls';
import { RPC, errorResponse, toWire } from '@portcullis/mcp-pipeline';
import { ServerDirectory, type GatewayServer } from './server-directory';

export const GATEWAY_BODY_LIMIT = 4 * 1024 * 1024;
const rpcError = (id: null, code: number, message: string) => toWire(errorResponse(id, code, message));
const EXPOSED = 'Mcp-Session-Id, MCP-Protocol-Version, WWW-Authenticate';
const ROUTINE_SCOPES = [SCOPE_ALL_TOOLS, SCOPE_RESOURCES, SCOPE_PROMPTS].join(' ');

export interface GatewayContext {
  tenant: TenantRef;
  server: GatewayServer;
  caller: Caller;
}

@Injectable()
export class GatewayRoutes implements OnModuleInit {
  private readonly allowedOrigins: Set<string>;

  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantDirectory,
    private readonly servers: ServerDirectory,
    private readonly callers: CallerResolver,
    private readonly calls: GatewayCalls,
  ) {
    this.allowedOrigins = new Set([config.PUBLIC_URL, config.CONSOLE_URL, ...config.GATEWAY_ALLOWED_ORIGINS]);
  }

  onModuleInit(): void {
    const app = this.host.httpAdapter.getInstance<FastifyInstance>();
    void app.register(async (scope) => {
      // The body is forwarded byte for byte: keep it raw, parse it ourselves.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser(
        '*',
        { parseAs: 'buffer', bodyLimit: GATEWAY_BODY_LIMIT },
        (_req, body, done) => done(null, body),
      );
      scope.setErrorHandler((error: Error & { code?: string; statusCode?: number }, req, reply) => {
        this.cors(req, reply);
        const status = error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 413 : (error.statusCode ?? 500);
        if (status >= 500) req.log.error({ err: error }, 'gateway failure');
        const message =
          status === 413
            ? 'The request body is too large.'
            : status >= 500
              ? 'The gateway failed.'
              : error.message;
        return reply
          .status(status)
          .send(rpcError(null, status === 413 ? RPC.payloadTooLarge : RPC.invalidRequest, message));
      });
      const path = '/mcp/:tenant/:server';
      scope.post(path, (req, reply) => this.handle(req, reply, (ctx) => this.calls.post(req, reply, ctx)));
      scope.get(path, (req, reply) => this.handle(req, reply, (ctx) => this.calls.stream(req, reply, ctx)));
      scope.delete(path, (req, reply) => this.handle(req, reply, (ctx) => this.calls.end(req, reply, ctx)));
      scope.options(path, async (req, reply) => {
        this.cors(req, reply, true);
        return reply.status(204).send();
      });
      scope.get('/.well-known/oauth-protected-resource/mcp/:tenant/:server', (req, reply) =>
        this.metadata(req, reply),
      );
    });
  }

  /**
   * CORS for a browser-based MCP client on an allowed origin. The methods and headers it may use
   * are read from the preflight's answer only (Fetch, CORS protocol), so other answers carry just
   * the origin and what the client may read; a request without an Origin (an agent) gets none.
   */
  private cors(req: FastifyRequest, reply: FastifyReply, preflight = false): void {
    const origin = req.headers.origin;
    if (origin && this.allowedOrigins.has(origin)) {
      reply
        .header('Access-Control-Allow-Origin', origin)
        .header('Vary', 'Origin')
        .header('Access-Control-Expose-Headers', EXPOSED);
    }
    if (preflight) {
      reply
        .header('Access-Control-Allow-Methods', 'GET, POST, DELETE, OPTIONS')
        .header(
          'Access-Control-Allow-Headers',
          'Authorization, Content-Type, Accept, Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID, Mcp-Method, Mcp-Name',
        )
        // A browser would otherwise ask again before every call after five seconds (Fetch's default).
        .header('Access-Control-Max-Age', '600');
    }
  }

  private async resolveTarget(req: FastifyRequest) {
    const { tenant: tenantSlug, server: serverSlug } = req.params as { tenant: string; server: string };
    const tenant = await this.tenants.bySlugCached(tenantSlug);
    const server = tenant ? await this.servers.get(tenant, serverSlug) : null;
    return tenant && server && server.active ? { tenant, server } : null;
  }

  private async metadata(req: FastifyRequest, reply: FastifyReply) {
    reply.header('Access-Control-Allow-Origin', '*');
    const target = await this.resolveTarget(req);
    if (!target)
      return reply.status(404).send({ error: 'not_found', error_description: 'No such MCP server.' });
    return reply.header('Cache-Control', 'public, max-age=300').send({
      resource: target.server.resource,
      authorization_servers: [issuerUrl(this.config.PUBLIC_URL, target.tenant.slug)],
      scopes_supported: [SCOPE_ALL_TOOLS, SCOPE_RESOURCES, SCOPE_PROMPTS],
      bearer_methods_supported: ['header'],
      resource_name: target.server.name,
    });
  }

  private async handle(
    req: FastifyRequest,
    reply: FastifyReply,
    next: (ctx: GatewayContext) => Promise<unknown>,
  ) {
    this.cors(req, reply);
    const origin = req.headers.origin;
    if (origin && !this.allowedOrigins.has(origin)) {
      return reply.status(403).send(rpcError(null, RPC.invalidRequest, 'Origin not allowed.'));
    }
    const target = await this.resolveTarget(req);
    if (!target) return reply.status(404).send(rpcError(null, RPC.invalidRequest, 'No such MCP server.'));
    let caller: Caller;
    try {
      caller = await this.callers.resolve(req, target.tenant, target.server);
    } catch (e) {
      if (!(e instanceof GatewayAuthError)) throw e;
      this.calls.recordRefusal(req, target, e);
      return this.challenge(reply, target.server, e);
    }
    return next({ ...target, caller });
  }

  /**
   * One Bearer challenge pointing at the resource metadata (what MCP clients parse). Its scope
   * is everything a caller may routinely need, as in the metadata's scopes_supported: MCP hosts
   * ask for exactly the challenged scopes, and the consent page cuts them to what the member has.
   */
  challenge(reply: FastifyReply, server: GatewayServer, e: GatewayAuthError, scope: string = ROUTINE_SCOPES) {
    const params = [
      `resource_metadata="${server.metadataUrl}"`,
      `scope="${scope}"`,
      ...(e.error ? [`error="${e.error}"`, `error_description="${e.message.replace(/"/g, "'")}"`] : []),
    ];
    if (e.status !== 400) reply.header('WWW-Authenticate', `Bearer ${params.join(', ')}`);
    return reply.status(e.status).send({ error: e.error ?? 'invalid_token', error_description: e.message });
  }
}
