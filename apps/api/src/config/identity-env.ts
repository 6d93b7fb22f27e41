// The people's front door: sign-up, e-mail, the console's proxy, metrics and docs access, the
// demo. Part of the one configuration schema (config.ts merges it); kept apart so the rules
// that differ between development and production sit in one place.
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const IdentityEnv = {
  /** open: anyone may sign up (a new tenant); invite: only through invitations; closed: only the first owner. */
  SIGNUP_MODE: z.enum(['open', 'invite', 'closed']).optional(),
  /** Sign-up attempts per client address per hour (tests and load runs raise it). */
  SIGNUP_LIMIT_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Tenants one person may own (sign-up and "create tenant" alike). */
  TENANTS_PER_USER_MAX: z.coerce.number().int().min(1).max(1000).default(10),
  /** smtp:// or smtps:// URL of the mail relay (production). */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** Without SMTP_URL: write each message as an .eml file here (development default .data/mail). */
  MAIL_DIR: z.string().optional(),
  MAIL_FROM: z.string().min(3).max(200).default('Portcullis <no-reply@portcullis.local>'),
  /** Shared with the console: only a request carrying it may name the browser's address. */
  CONSOLE_PROXY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Bearer token Prometheus sends to /metrics; without it /metrics is off. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Who may read /api/docs and /api/openapi.*: public, signed_in (a console session), off. */
  API_DOCS: z.enum(['public', 'signed_in', 'off']).optional(),
  /** The demo tenant, its owner and the example server (development only). */
  SEED_DEMO: bool.default(false),
  DEMO_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DEMO_UPSTREAM_URL: z.url().optional(),
  DEMO_AGENT_FILE: z.string().optional(),
};

export interface IdentitySettings {
  SIGNUP_MODE: 'open' | 'invite' | 'closed';
  API_DOCS: 'public' | 'signed_in' | 'off';
  MAIL_DIR: string | undefined;
  /** Messages can be sent (SMTP or the development directory). */
  mailEnabled: boolean;
}

type Parsed = {
  NODE_ENV: string;
  SIGNUP_MODE?: IdentitySettings['SIGNUP_MODE'];
  API_DOCS?: IdentitySettings['API_DOCS'];
  MAIL_DIR?: string;
  SMTP_URL?: string;
  SEED_DEMO: boolean;
  ALLOW_LOOPBACK_UPSTREAMS: boolean;
};

const DEV_MAIL_DIR = path.resolve(__dirname, '../../../../.data/mail');

/** Production refuses what only a developer's machine should run; other defaults follow NODE_ENV. */
export function identitySettings(c: Parsed): { error?: string; settings: IdentitySettings } {
  const production = c.NODE_ENV === 'production';
  let error: string | undefined;
  if (production && c.SEED_DEMO)
    error = 'SEED_DEMO must not be set in production (the demo owner has a known sign-in)';
  else if (production && c.ALLOW_LOOPBACK_UPSTREAMS)
    error = 'ALLOW_LOOPBACK_UPSTREAMS must not be set in production';
  const MAIL_DIR = c.SMTP_URL
    ? undefined
    : (c.MAIL_DIR ?? (c.NODE_ENV === 'development' ? DEV_MAIL_DIR : undefined));
  return {
    error,
    settings: {
      SIGNUP_MODE: c.SIGNUP_MODE ?? (production ? 'closed' : 'open'),
      API_DOCS: c.API_DOCS ?? (production ? 'signed_in' : 'public'),
      MAIL_DIR,
      mailEnabled: !!c.SMTP_URL || !!MAIL_DIR,
    },
  };
}

/** An origin as browsers and token audiences spell it: lower-case host, no default port, no trailing slash. */
export function normalizeOrigin(value: string): string {
  const u = new URL(value);
  const pathname = u.pathname.replace(/\/+$/, '');
  return `${u.origin}${pathname}`;
}
