import type { FastifyReply } from 'fastify';
import type { AppConfig } from '../config/config';

export const SESSION_COOKIE = 'pc_session';
export const CSRF_COOKIE = 'pc_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export function setSessionCookies(reply: FastifyReply, config: AppConfig, token: string, csrf: string, expires: Date) {
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
