// The authorization server's endpoints for people's MCP hosts: the authorization endpoint
// (a browser navigation: answered with a redirect or a page of ours, never with CORS) and
// dynamic client registration (JSON, CORS, rate-limited). Plain Fastify routes, like the
// token endpoint beside them.
import { Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthorizationEndpoint } from './authorize';
import { OAuthError, sendOAuthError } from './oauth-error';
import { cors } from './oauth.routes';
import { ClientRegistration, RegistrationError } from './registration';
import { OAuthRequestLimits } from './request-limits';
import { TenantDirectory, type TenantRef } from './tenant-directory';

const REGISTRATION_BODY_LIMIT = 16 * 1024;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page of ours for requests that cannot be sent back to the client. */
function sendPage(reply: FastifyReply, status: number, title: string, message: string) {
  return reply
    .status(status)
    .header('Cache-Control', 'no-store')
    .header('X-Frame-Options', 'DENY')
    .header(
      'Content-Security-Policy',
      "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
    )
    .header('Referrer-Policy', 'no-referrer')
    .header('Content-Type', 'text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
        '<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#0f172a">' +
        `<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1><p style="color:#475569">${escapeHtml(message)}</p></body></html>`,
    );
}

function sendRegistrationError(reply: FastifyReply, e: RegistrationError) {
  return reply
    .status(e.status)
    .header('Cache-Control', 'no-store')
    .send({ error: e.error, error_description: e.message });
}

@Injectable()
export class PeopleOAuthRoutes implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    private readonly tenants: TenantDirectory,
    private readonly authorize: AuthorizationEndpoint,
    private readonly registration: ClientRegistration,
    private readonly limits: OAuthRequestLimits,
  ) {}

  onModuleInit(): void {
    const app = this.host.httpAdapter.getInstance<FastifyInstance>();

    app.get('/t/:tenant/authorize', async (req, reply) => {
      const tenant = await this.tenant(req);
      if (!tenant)
        return sendPage(reply, 404, 'Unknown organization', 'There is no such authorization server.');
      try {
        await this.limits.authorization(req.ip);
        const query = new URLSearchParams(
          req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '',
        );
        const outcome = await this.authorize.handle(query, tenant, req.ip, String(req.id));
        if (outcome.kind === 'page') return sendPage(reply, outcome.status, outcome.title, outcome.message);
        return reply
          .status(302)
          .header('Cache-Control', 'no-store')
          .header('Referrer-Policy', 'no-referrer')
          .header('Location', outcome.location)
          .send();
      } catch (e) {
        if (e instanceof OAuthError && e.status === 429) {
          reply.header('Retry-After', String(e.options.retryAfterSec ?? 60));
          return sendPage(
            reply,
            429,
            'Too many requests',
            'Too many authorization requests from your address. Wait a minute and try again.',
          );
        }
        req.log.error({ err: e }, 'authorization endpoint failed');
        return sendPage(
          reply,
          500,
          'Something went wrong',
          'The authorization server failed. Try again later.',
        );
      }
    });

    const registerPath = '/t/:tenant/register';
    app.post(
      registerPath,
      { bodyLimit: REGISTRATION_BODY_LIMIT, errorHandler: registrationBodyError },
      async (req, reply) => {
        cors(reply);
        const tenant = await this.tenant(req);
        if (!tenant)
          return reply
            .status(404)
            .header('Cache-Control', 'no-store')
            .send({ error: 'not_found', error_description: 'No such issuer.' });
        if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
          return sendRegistrationError(
            reply,
            new RegistrationError('invalid_client_metadata', 'The body must be application/json.'),
          );
        }
        try {
          await this.limits.registration(req.ip, tenant.id);
          const body = await this.registration.register(req.body, tenant, req.ip, String(req.id));
          return reply
            .status(201)
            .header('Cache-Control', 'no-store')
            .header('Pragma', 'no-cache')
            .send(body);
        } catch (e) {
          if (e instanceof RegistrationError) return sendRegistrationError(reply, e);
          if (e instanceof OAuthError) return sendOAuthError(reply, e);
          req.log.error({ err: e }, 'client registration failed');
          return sendOAuthError(
            reply,
            new OAuthError('server_error', 'The authorization server failed. Retry later.'),
          );
        }
      },
    );
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url: registerPath,
      handler: async (_req, reply) => {
        cors(reply);
        return sendRegistrationError(
          reply,
          new RegistrationError('invalid_client_metadata', 'Register with POST and a JSON body.', 405),
        );
      },
    });
  }

  private tenant(req: FastifyRequest): Promise<TenantRef | null> {
    return this.tenants.bySlugCached((req.params as { tenant: string }).tenant);
  }
}

/** Body parser errors (malformed JSON, oversized bodies) as RFC 7591 errors. */
function registrationBodyError(error: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply) {
  cors(reply);
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE')
    return sendRegistrationError(
      reply,
      new RegistrationError('invalid_client_metadata', 'The registration is too large.', 413),
    );
  if (error.code?.startsWith('FST_ERR_CTP'))
    return sendRegistrationError(
      reply,
      new RegistrationError('invalid_client_metadata', 'The body must be a JSON object.'),
    );
  return reply
    .status(500)
    .send({ error: 'server_error', error_description: 'The authorization server failed. Retry later.' });
}
