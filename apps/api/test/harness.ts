// A real API on a real PostgreSQL database (cloned from the migrated template, unless the caller
// passes a migrated DATABASE_URL of its own) and a real Redis, listening on a free port, plus a
// small HTTP client that keeps cookies like a browser.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { migrateDeploy, type Db } from '@portcullis/db';
import type { HostResolver } from '@portcullis/auth-core';
import { loadConfig, type AppConfig } from '../src/config/config';
import { createApp } from '../src/app.factory';
import { freePort } from '@portcullis/testkit';
import { APP_LOGIN } from './global-setup';

export interface TestApp {
  baseUrl: string;
  db: Db;
  redis: Redis;
  /** What the API connects with: the restricted application role on a clone (or env.DATABASE_URL). */
  databaseUrl: string;
  /** The same database as its owner (the role that ran the migrations). */
  ownerDatabaseUrl: string;
  app: Awaited<ReturnType<typeof createApp>>['app'];
  config: AppConfig;
  close(): Promise<void>;
}

/** The same connection string as another role. */
export function asRole(url: string, role: string): string {
  const u = new URL(url);
  u.username = role;
  return u.toString();
}

/** A fresh database cloned from the migrated template (its URL names the owner role). */
export async function cloneTemplate(): Promise<string> {
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE portcullis_template`);
  } finally {
    await admin.end();
  }
  return inject('pgUrl').replace(/\/postgres$/, `/${name}`);
}

/**
 * `env` overrides the test configuration; an `env.DATABASE_URL` is used as is (no clone is made).
 * `deps.resolver` answers the outbound client's DNS questions (names that exist only in a test).
 * `deps.embedded`: the embedded default instead, PGlite in a new directory (migrated here), no DATABASE_URL.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  deps: { resolver?: HostResolver; embedded?: boolean } = {},
): Promise<TestApp> {
  let ownerDatabaseUrl = '';
  let databaseUrl = '';
  if (deps.embedded) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-pglite-app-'));
    process.env.PGLITE_DIR = dir; // read by @portcullis/db (and the migrate CLI it spawns)
    migrateDeploy(undefined);
  } else {
    ownerDatabaseUrl = env.DATABASE_URL ?? (await cloneTemplate());
    databaseUrl = env.DATABASE_URL ?? asRole(ownerDatabaseUrl, APP_LOGIN);
  }
  const redisUrl = env.REDIS_URL ?? inject('redisUrl');
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // outages are part of some tests
  // PUBLIC_URL is the issuer's and the gateway's origin, so it must be where we listen.
  const port = await freePort();
  const config = loadConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    REDIS_URL: redisUrl,
    SECRET_PEPPER: 'test-pepper-0123456789abcdef0123456789',
    MASTER_KEY: 'MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=',
    ALLOW_LOOPBACK_UPSTREAMS: 'true',
    LOG_LEVEL: 'silent',
    RUN_WORKER: 'false',
    CONSOLE_URL: 'http://console.test',
    // Every test signs up owners from 127.0.0.1; the throttle has tests of its own.
    SIGNUP_LIMIT_PER_HOUR: '100000',
    // Each app gets its own Redis keyspace, so throttles of one test never leak into another.
    REDIS_PREFIX: `t${randomBytes(4).toString('hex')}`,
    // A spool replays into its own deployment's database: one per app.
    AUDIT_SPOOL_DIR: mkdtempSync(path.join(os.tmpdir(), 'audit-spool-')),
    ...env,
    // `{port}` in a caller's PUBLIC_URL is the port this app listens on.
    ...(env.PUBLIC_URL ? { PUBLIC_URL: env.PUBLIC_URL.replace('{port}', String(port)) } : {}),
  });
  const { app, db, stopper } = await createApp(config, { redis, resolver: deps.resolver });
  await app.listen({ port, host: '127.0.0.1' });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    db,
    databaseUrl,
    ownerDatabaseUrl,
    app,
    redis,
    config,
    /** The node's own stop sequence; a stop that was not clean fails the test that closes it. */
    async close() {
      const outcome = await stopper.stop();
      if (outcome.code !== 0) throw new Error(`the app did not stop cleanly: ${outcome.problems.join('; ')}`);
    },
  };
}

export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

/** A browser-like client: keeps cookies, sends the CSRF header on writes. */
export class Client {
  private cookies = new Map<string, string>();
  bearer?: string;
  sendCsrf = true;

  constructor(readonly baseUrl: string) {}

  /** The Cookie header this client sends (for requests made with fetch directly). */
  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  get csrf(): string | undefined {
    return this.cookies.get('pc_csrf');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string) {
    this.cookies.set(name, value);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Res<T>> {
    const h: Record<string, string> = { ...headers };
    if (body !== undefined && typeof body !== 'string') h['content-type'] ??= 'application/json';
    if (typeof body === 'string') h['content-type'] ??= 'application/json';
    if (this.cookies.size) h.cookie = this.cookieHeader;
    if (this.sendCsrf && this.csrf && method !== 'GET') h['x-csrf-token'] ??= this.csrf;
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/Expires=Thu, 01 Jan 1970/i.test(c) || value === '') this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, headers: res.headers, body: parsed as T };
  }

  get<T = any>(path: string) {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, body ?? {}, headers);
  }
  patch<T = any>(path: string, body?: unknown) {
    return this.request<T>('PATCH', path, body ?? {});
  }
  delete<T = any>(path: string) {
    return this.request<T>('DELETE', path);
  }
}

let counter = 0;
export function uniqueEmail(prefix = 'user'): string {
  return `${prefix}-${process.pid}-${++counter}-${randomBytes(3).toString('hex')}@example.com`;
}
export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

export const GOOD_PASSWORD = 'correct-horse-battery-staple';

/** Signs up a new owner with a new tenant; returns the signed-in client and ids. */
export async function signUpOwner(baseUrl: string, opts: { email?: string; slug?: string } = {}) {
  const client = new Client(baseUrl);
  const email = opts.email ?? uniqueEmail('owner');
  const res = await client.post('/api/v1/auth/signup', {
    email,
    password: GOOD_PASSWORD,
    name: 'Owner',
    tenantName: 'Acme',
    tenantSlug: opts.slug ?? uniqueSlug('acme'),
  });
  if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client, email, userId: res.body.user.id as string, tenantId: res.body.tenant.id as string };
}

/** Adds a member with `role` to the owner's tenant through a real invitation. */
export async function addMember(
  baseUrl: string,
  owner: Client,
  role: 'admin' | 'auditor' | 'owner' | 'member',
) {
  const email = uniqueEmail(role);
  const inv = await owner.post('/api/v1/invitations', { email, role });
  if (inv.status !== 201) throw new Error(`invite failed: ${inv.status} ${JSON.stringify(inv.body)}`);
  const token = String(inv.body.link).split('#')[1];
  const member = new Client(baseUrl);
  const res = await member.post('/api/v1/auth/invitations/accept', {
    token,
    name: role,
    password: GOOD_PASSWORD,
  });
  if (res.status !== 200) throw new Error(`accept failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { client: member, email, userId: res.body.user.id as string };
}
