import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/config';

export const SESSION_COOKIE = 'pc_session';
export const CSRF_COOKIE = 'pc_csrf';
export const CSRF_HEADER = 'x-csrf-token';
/** A random id for the browser, kept a year: a sign-in from a browser never seen before is announced. */
export const DEVICE_COOKIE = 'pc_device';
const DEVICE_DAYS = 365;

export function setSessionCookies(
  reply: FastifyReply,
  config: AppConfig,
  token: string,
  csrf: string,
  expires: Date,
) {
  const base = { path: '/', sameSite: 'lax' as const, secure: config.secureCookies, expires };
  reply.setCookie(SESSION_COOKIE, token, { ...base, httpOnly: true });
  // Readable by the console's script, which echoes it in the X-CSRF-Token header.
  reply.setCookie(CSRF_COOKIE, csrf, { ...base, httpOnly: false });
}

export function clearSessionCookies(reply: FastifyReply, config: AppConfig) {
  const base = { path: '/', sameSite: 'lax' as const, secure: config.secureCookies };
  reply.clearCookie(SESSION_COOKIE, { ...base, httpOnly: true });
  reply.clearCookie(CSRF_COOKIE, base);
}

/** The browser's device id, minted (and set) on its first sign-in. */
export function deviceId(req: FastifyRequest, reply: FastifyReply, config: AppConfig): string {
  const existing = req.cookies?.[DEVICE_COOKIE];
  if (existing && /^[A-Za-z0-9_-]{20,64}$/.test(existing)) return existing;
  const minted = randomBytes(24).toString('base64url');
  reply.setCookie(DEVICE_COOKIE, minted, {
    path: '/',
    sameSite: 'lax',
    secure: config.secureCookies,
    httpOnly: true,
    maxAge: DEVICE_DAYS * 86400,
  });
  return minted;
}
