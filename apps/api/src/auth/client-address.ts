// Behind the console's /api proxy every browser would have the console's address: one person's
// failed sign-ins would throttle everyone, and audit events would name the proxy. The console
// sends the browser's address in a header together with CONSOLE_PROXY_SECRET; only then is the
// header believed, and `req.ip` (which every throttle, policy and audit event reads) becomes it.
import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppConfig, CONFIG } from '../config/config';

export const CLIENT_ADDRESS_HEADER = 'x-portcullis-client-address';
export const PROXY_SECRET_HEADER = 'x-portcullis-proxy-secret';

/** The forwarded address when the request proves it came through the console, else null. */
export function consoleForwardedAddress(
  headers: FastifyRequest['headers'],
  secret: string | undefined,
): string | null {
  const sent = headers[PROXY_SECRET_HEADER];
  const address = headers[CLIENT_ADDRESS_HEADER];
  if (!secret || typeof sent !== 'string' || typeof address !== 'string') return null;
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
  const trimmed = address.trim();
  return isIP(trimmed) ? trimmed : null;
}

@Injectable()
export class ClientAddress implements OnModuleInit {
  constructor(
    private readonly host: HttpAdapterHost,
    @Inject(CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const app = this.host.httpAdapter.getInstance<FastifyInstance>();
    const secret = this.config.CONSOLE_PROXY_SECRET;
    app.addHook('onRequest', (req, _reply, done) => {
      const headers = req.headers;
      // Most requests carry neither header: a `delete` of an absent property would still turn
      // the headers object into a slow dictionary for every later lookup of the request.
      if (headers[PROXY_SECRET_HEADER] === undefined && headers[CLIENT_ADDRESS_HEADER] === undefined)
        return done();
      const forwarded = consoleForwardedAddress(headers, secret);
      // The secret goes no further than this hook (handlers, logs).
      delete headers[PROXY_SECRET_HEADER];
      delete headers[CLIENT_ADDRESS_HEADER];
      if (forwarded)
        Object.defineProperty(req, 'ip', { value: forwarded, configurable: true, enumerable: true });
      done();
    });
  }
}
