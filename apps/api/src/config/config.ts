// Configuration is read once, here, at start. A bad or missing variable stops the start with
// one line that names it; nothing else in the code reads process.env.
import path from 'node:path';
import { z } from 'zod';
import { IdentityEnv, IdentitySettings, identitySettings, normalizeOrigin } from './identity-env';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const url = z.url().transform(normalizeOrigin);

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: url.default('http://localhost:4000'),
  CONSOLE_URL: url.default('http://localhost:3000'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL'),
  SECRET_PEPPER: z.string().min(32, 'must be at least 32 characters'),
  /** Base64 of 32 random bytes: seals upstream credentials and private signing keys at rest. */
  MASTER_KEY: z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be base64 of 32 bytes'),
  ALLOW_LOOPBACK_UPSTREAMS: bool.default(false),
  ALLOW_PRIVATE_UPSTREAMS: bool.default(false),
  /** Limits on what an upstream MCP server sends back (gateway calls, discovery, connection tests). */
  UPSTREAM_MAX_RESPONSE_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(10 * 1024 * 1024),
  UPSTREAM_MAX_SSE_EVENT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024 * 1024)
    .default(4 * 1024 * 1024),
  UPSTREAM_HEADERS_TIMEOUT_MS: z.coerce.number().int().min(10).max(3600_000).default(30_000),
  /** Longest silence inside an answer's body; 0: none. */
  UPSTREAM_BODY_IDLE_TIMEOUT_MS: z.coerce.number().int().min(0).max(86400_000).default(120_000),
  /** Longest body of an answer (an SSE stream included), from its headers; 0: none. */
  UPSTREAM_BODY_TIMEOUT_MS: z.coerce.number().int().min(0).max(86400_000).default(600_000),
  /** How long a resolved and checked upstream address is used before the name is resolved again. */
  UPSTREAM_DNS_PIN_SEC: z.coerce.number().int().min(0).max(3600).default(30),
  /** How long a new signing key is published before it signs. */
  KEY_PREPUBLISH_SEC: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 86400)
    .default(300),
  KEY_ROTATE_AFTER_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Failed client authentications per (client, address) in 5 minutes before 429. */
  OAUTH_FAILURE_LIMIT: z.coerce.number().int().min(3).max(1000).default(10),
  /** Dynamic client registrations per source address an hour (ten times this per tenant) before 429. */
  OAUTH_REGISTRATION_LIMIT: z.coerce.number().int().min(1).max(10000).default(20),
  /**
   * Directory that receives a copy of every audit checkpoint (one JWS per line per tenant).
   * On embedded PGlite (one database role) it defaults to .data/audit-checkpoints.
   */
  AUDIT_CHECKPOINT_DIR: z.string().optional(),
  /** /readyz fails while the oldest audit event not yet in the chain is older than this. */
  AUDIT_READY_MAX_LAG_SEC: z.coerce.number().int().min(1).max(86400).default(120),
  /** How often pending sink deliveries are handed to the queue again (also done at start). */
  AUDIT_OUTBOX_RELAY_SEC: z.coerce.number().int().min(1).max(3600).default(30),
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
  REDIS_PREFIX: z
    .string()
    .regex(/^[a-z0-9_-]{1,32}$/, 'must be 1-32 of a-z 0-9 _ -')
    .default('pc'),
  SESSION_IDLE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  SESSION_MAX_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  TRUSTED_PROXIES: z.string().default(''),
  /** Browser origins (besides the console's) allowed to call the gateway, comma-separated. */
  GATEWAY_ALLOWED_ORIGINS: z.string().default(''),
  /** How often each node checks the cluster's cache generations (one Redis round trip), in case a pub/sub message was lost. */
  CACHE_POLL_MS: z.coerce.number().int().min(20).max(5000).default(250),
  /**
   * The guarantee: a change is enforced on every node within this long after it is announced.
   * A node that could not confirm its caches against Redis for this long reads through to the
   * database instead. At least twice CACHE_POLL_MS.
   */
  CACHE_MAX_STALENESS_MS: z.coerce.number().int().min(100).max(60_000).default(1000),
  /** Longest life of a hot-path cache entry, whatever the generations say. */
  CACHE_TTL_SEC: z.coerce.number().int().min(1).max(3600).default(60),
  /** Verifications and back-tests reading more events than this run as queue jobs (202 + /api/v1/jobs/{id}). */
  JOB_INLINE_MAX_EVENTS: z.coerce.number().int().min(0).max(10_000_000).default(20_000),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  ...IdentityEnv,
  /**
   * From SIGTERM (or SIGINT) to exit: in-flight requests, streams and jobs get most of it, the
   * audit hand-off and closing the database the rest. Below the usual 30 s kill grace.
   */
  SHUTDOWN_TIMEOUT_SEC: z.coerce.number().int().min(1).max(300).default(10),
});

export type AppConfig = Readonly<
  Omit<z.infer<typeof EnvSchema>, 'TRUSTED_PROXIES' | 'GATEWAY_ALLOWED_ORIGINS' | keyof IdentitySettings> &
    IdentitySettings & {
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
  if (c.CACHE_POLL_MS * 2 > c.CACHE_MAX_STALENESS_MS) {
    throw new ConfigError('Configuration error: CACHE_MAX_STALENESS_MS must be at least twice CACHE_POLL_MS');
  }
  const identity = identitySettings(c);
  if (identity.error) throw new ConfigError(`Configuration error: ${identity.error}`);
  return Object.freeze({
    ...c,
    ...identity.settings,
    AUDIT_CHECKPOINT_DIR:
      c.AUDIT_CHECKPOINT_DIR ??
      (c.DATABASE_URL ? undefined : path.resolve(__dirname, '../../../../.data/audit-checkpoints')),
    TRUSTED_PROXIES: c.TRUSTED_PROXIES.split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    GATEWAY_ALLOWED_ORIGINS: c.GATEWAY_ALLOWED_ORIGINS.split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    secureCookies: c.PUBLIC_URL.startsWith('https://'),
  });
}

export const CONFIG = Symbol('CONFIG');
