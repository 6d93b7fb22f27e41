// Who may read the API's documentation (/api/docs, /api/openapi.json|yaml): API_DOCS=public,
// signed_in (a console session: open the docs through the console's /api proxy) or off. The
// production default is signed_in: the document maps every route, and attackers read maps too.
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { AppConfig, CONFIG } from '../config/config';
import { SESSION_COOKIE } from './cookies';
import { SessionsService } from './sessions.service';

const DOCS = /^\/api\/(docs|openapi\.(json|yaml))(\/|\?|$)/;

@Injectable()
export class DocsAccess implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: AppConfig,
    private readonly sessions: SessionsService,
  ) {}

  onModuleInit(): void {
    const mode = this.config.API_DOCS;
    if (mode === 'public') return;
    const app = this.host.httpAdapter.getInstance<FastifyInstance>();
    // Synchronous for every other request: an async hook costs each request of every route a
    // promise, and this one only ever concerns the documentation's few paths.
    app.addHook('onRequest', (req, reply, done) => {
      if (!DOCS.test(req.url)) return done();
      const token = mode === 'signed_in' ? req.cookies?.[SESSION_COOKIE] : undefined;
      (token ? this.sessions.resolve(token) : Promise.resolve(null)).then((session) => {
        if (session) return done();
        const status = mode === 'off' ? 404 : 401;
        const detail =
          mode === 'off'
            ? 'The API documentation is not served here.'
            : 'Sign in to the console to read the API documentation.';
        // Answered here: the request goes no further (done is not called).
        void reply
          .status(status)
          .header('content-type', 'application/problem+json')
          .send({
            type: 'about:blank',
            title: status === 404 ? 'Not Found' : 'Unauthorized',
            status,
            detail,
          });
      }, done);
    });
  }
}
