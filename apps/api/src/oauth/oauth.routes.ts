// The authorization server's HTTP surface, one issuer per tenant under /t/{tenant}. These are
// plain Fastify routes, not Nest controllers: the token endpoint is a hot path and must stay
// thin (no guards, pipes or interceptors in the way), and OAuth has its own error format.
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig, CONFIG } from '../config/config';
import { parseForm, requireFormBody } from './form';
import { asEndpoints } from './issuer';
import { authorizationServerMetadata } from './metadata';
import { OAuthError, sendOAuthError } from './oauth-error';
import { SigningKeysService } from './signing-keys.service';
import { TenantDirectory, type TenantRef } from './tenant-directory';
import { TokenService } from './token.service';
import { TokenRevocation } from './token-revocation';

const FORM_BODY_LIMIT = 16 * 1024;

type Handler = (req: FastifyRequest, reply: FastifyReply, tenant: TenantRef) => Promise<unknown>;

/**
 * CORS for machine endpoints: any origin, no credentials (RFC 8414/9728 documents, token,
 * registration). Preflights of every issuer path are answered here (`preflight`).
 */
export function cors(reply: FastifyReply): void {
  reply.header('Access-Control-Allow-Origin', '*');
}

/** A browser reads the methods and headers it may use from the preflight's answer only (Fetch, CORS protocol). */
function preflight(reply: FastifyReply) {
  cors(reply);
  return reply
    .header('Access-Control-Allow-Methods', 'GET, POST, OPTIONS')
    .header('Access-Control-Allow-Headers', 'Authorization, Content-Type, MCP-Protocol-Version')
    .header('Access-Control-Max-Age', '600')
    .status(204)
    .send();
}

@Injectable()
export class OAuthRoutes implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly tenants: TenantDirectory,
    private readonly tokens: TokenService,
    private readonly revocation: TokenRevocation,
    private readonly keys: SigningKeysService,
  ) {}

  onModuleInit(): void {
    const app = this.host.httpAdapter.getInstance<FastifyInstance>();
    // Replace Nest's lenient urlencoded parser: OAuth forms must refuse repeated parameters.
    if (app.hasContentTypeParser('application/x-www-form-urlencoded'))
      app.removeContentTypeParser('application/x-www-form-urlencoded');
    app.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_req, body, done) => {
        try {
          done(null, parseForm(body as string));
        } catch (e) {
          done(e as Error, undefined);
        }
      },
    );

    const withTenant = (handler: Handler) => async (req: FastifyRequest, reply: FastifyReply) => {
      cors(reply);
      const { tenant: slug } = req.params as { tenant: string };
      const tenant = await this.tenants.bySlugCached(slug);
      if (!tenant) {
        return reply
          .status(404)
          .header('Cache-Control', 'no-store')
          .send({ error: 'not_found', error_description: 'No such issuer.' });
      }
      try {
        return await handler(req, reply, tenant);
      } catch (e) {
        if (e instanceof OAuthError)
          return sendOAuthError(reply, e, asEndpoints(this.config.PUBLIC_URL, slug).issuer);
        req.log.error({ err: e }, 'oauth endpoint failed');
        return sendOAuthError(
          reply,
          new OAuthError('server_error', 'The authorization server failed. Retry later.'),
        );
      }
    };

    const metadata: Handler = async (_req, reply, tenant) => {
      reply.header('Cache-Control', 'public, max-age=300');
      return reply.send(authorizationServerMetadata(this.config.PUBLIC_URL, tenant));
    };
    for (const path of [
      '/.well-known/oauth-authorization-server/t/:tenant',
      '/.well-known/openid-configuration/t/:tenant',
      '/t/:tenant/.well-known/openid-configuration',
      '/t/:tenant/.well-known/oauth-authorization-server',
    ]) {
      app.get(path, withTenant(metadata));
    }

    app.get(
      '/t/:tenant/jwks.json',
      withTenant(async (_req, reply, tenant) => {
        const ring = await this.keys.ring(tenant.id);
        reply.header('Cache-Control', 'public, max-age=60');
        return reply.header('Content-Type', 'application/jwk-set+json').send(ring.jwks());
      }),
    );

    const form = (req: FastifyRequest) => requireFormBody(req.headers['content-type'], req.body, req.url);
    const post = (path: string, handler: Handler) => {
      app.post(path, { bodyLimit: FORM_BODY_LIMIT, errorHandler: formErrorHandler }, withTenant(handler));
      // Everything but POST (and the CORS preflight) is refused the OAuth way.
      app.route({
        method: ['GET', 'PUT', 'PATCH', 'DELETE'],
        url: path,
        handler: withTenant(async () => {
          throw new OAuthError(
            'invalid_request',
            'Use POST with an application/x-www-form-urlencoded body.',
            { status: 405 },
          );
        }),
      });
    };
    post('/t/:tenant/token', async (req, reply, tenant) => {
      const body = await this.tokens.issue(req, form(req), tenant);
      return reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache').send(body);
    });
    post('/t/:tenant/introspect', async (req, reply, tenant) => {
      return reply
        .header('Cache-Control', 'no-store')
        .send(await this.revocation.introspect(req, form(req), tenant));
    });
    post('/t/:tenant/revoke', async (req, reply, tenant) => {
      await this.revocation.revoke(req, form(req), tenant);
      return reply.status(200).header('Cache-Control', 'no-store').send();
    });
    app.options('/t/:tenant/*', async (_req, reply) => preflight(reply));
    app.options('/.well-known/*', async (_req, reply) => preflight(reply));
  }
}

/** Body parser errors (bad form, repeated parameters, oversized bodies) as OAuth errors. */
function formErrorHandler(
  error: Error & { statusCode?: number; code?: string },
  _req: FastifyRequest,
  reply: FastifyReply,
) {
  cors(reply);
  if (error instanceof OAuthError) return sendOAuthError(reply, error);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendOAuthError(
      reply,
      new OAuthError('invalid_request', 'The request body is too large.', { status: 413 }),
    );
  }
  if (error.code?.startsWith('FST_ERR_CTP')) {
    return sendOAuthError(
      reply,
      new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.'),
    );
  }
  return sendOAuthError(
    reply,
    new OAuthError('server_error', 'The authorization server failed. Retry later.'),
  );
}
