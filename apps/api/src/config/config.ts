// Configuration is read once, here, at start. A bad or missing variable stops the start with
// one line that names it; nothing else in the code reads process.env.
import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = z.url().transform((u) => u.replace(/\/+$/, ''));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: url.default('http://localhost:4000'),
  CONSOLE_URL: url.default('http://localhost:3000'),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL').optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  SECRET_PEPPER: z.string().min(32, 'must be at least 32 characters'),
  /** Base64 of 32 random bytes: seals upstream credentials and private signing keys at rest. */
  MASTER_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes'),
  ALLOW_LOOPBACK_UPSTREAMS: bool.default(false),
  ALLOW_PRIVATE_UPSTREAMS: bool.default(false),
  /** How long a new signing key is published before it signs. */
  KEY_PREPUBLISH_SEC: z.coerce.number().int().min(0).max(7 * 86400).default(300),
  KEY_ROTATE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Failed client authentications per (client, address) in 5 minutes before 429. */
  OAUTH_FAILURE_LIMIT: z.coerce.number().int().min(3).max(1000).default(10),
  /** Dynamic client registrations per source address an hour (ten times this per tenant) before 429. */
  OAUTH_REGISTRATION_LIMIT: z.coerce.number().int().min(1).max(10000).default(20),
  /** Directory that receives a copy of every audit checkpoint (one JWS per line per tenant). */
  AUDIT_CHECKPOINT_DIR: z.string().optional(),
  AUDIT_CHECKPOINT_INTERVAL_SEC: z.coerce.number().int().min(5).max(86400).default(300),
  /**
   * Where audit events go when neither Redis nor the database takes them, until replayed into
   * the database. Local to this node; one directory per deployment (it replays into its database).
   */
  AUDIT_SPOOL_DIR: z.string().default(path.resolve(__dirname, '../../../../.data/audit-spool')),
  AUDIT_SPOOL_REPLAY_SEC: z.coerce.number().int().min(1).max(3600).default(10),
  /** A MaxMind GeoLite2/GeoIP2 country database; geoip-lite's shipped data otherwise. */
  GEOIP_MMDB_PATH: z.string().optional(),
  /** Directory for JSON-lines audit sinks (one file per sink, for a SIEM agent to tail). */
  AUDIT_SINK_DIR: z.string().optional(),
  /** First retry delay of a failed webhook delivery; doubles on each attempt. */
  AUDIT_SINK_BACKOFF_MS: z.coerce.number().int().min(10).max(3600_000).default(2000),
  AUDIT_SINK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  TOOL_SYNC_INTERVAL_SEC: z.coerce.number().int().min(10).max(86400).default(900),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_WORKER: bool.default(true),
  /** Namespaces every Redis key, so deployments (or test runs) can share one Redis. */
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 of a-z 0-9 _ -').default('pc'),
  SESSION_IDLE_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  TRUSTED_PROXIES: z.string().default(''),
  /** Browser origins (besides the console's) allowed to call the gateway, comma-separated. */
  GATEWAY_ALLOWED_ORIGINS: z.string().default(''),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** The largest answer (JSON body or one SSE event) the gateway takes from an upstream, unless the server sets its own. */
  UPSTREAM_MAX_RESPONSE_BYTES: z.coerce.number().int().min(1024).max(256 * 1024 * 1024).default(10 * 1024 * 1024),
});

export type AppConfig = Readonly<
  Omit<z.infer<typeof EnvSchema>, 'TRUSTED_PROXIES' | 'GATEWAY_ALLOWED_ORIGINS'> & {
    TRUSTED_PROXIES: string[];
    GATEWAY_ALLOWED_ORIGINS: string[];
    secureCookies: boolean;
  }
>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const problem = env[name] === undefined || env[name] === '' ? 'is required' : issue.message;
    throw new ConfigError(`Configuration error: ${name} ${problem}`);
  }
  const c = parsed.data;
  if (c.NODE_ENV === 'production' && c.SECRET_PEPPER.startsWith('dev-')) {
    throw new ConfigError('Configuration error: SECRET_PEPPER must not be a development value in production');
  }
  return Object.freeze({
    ...c,
    TRUSTED_PROXIES: c.TRUSTED_PROXIES.split(',').map((s) => s.trim()).filter(Boolean),
    GATEWAY_ALLOWED_ORIGINS: c.GATEWAY_ALLOWED_ORIGINS.split(',').map((s) => s.trim().replace(/\/+$/, '')).filter(Boolean),
    secureCookies: c.PUBLIC_URL.startsWith('https://'),
  });
}

export const CONFIG = Symbol('CONFIG');
