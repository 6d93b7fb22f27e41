import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue, QueueEvents } from 'bullmq';
import { signUpOwner, startTestApp, uniqueSlug, type TestApp } from './harness';
import { helmetHeaders } from '../src/infra/http-hooks';
import { purgeExpired } from '../src/maintenance/maintenance.processor';
import { MAINTENANCE_QUEUE, PURGE_SESSIONS_JOB } from '../src/queue/queues';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RUN_WORKER: 'true', METRICS_TOKEN: 'platform-metrics-token-0123' });
});
afterAll(() => app.close());

describe('operations endpoints', () => {
  it('reports health and readiness', async () => {
    expect(await (await fetch(`${app.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${app.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      checks: { database: 'ok', redis: 'ok', auditTrail: 'ok' },
      auditLagSeconds: 0,
    });
  });

  it('exposes Prometheus metrics by route template, queue depths and cache lookups', async () => {
    await fetch(`${app.baseUrl}/api/v1/members`);
    const scrape = async () =>
      (
        await fetch(`${app.baseUrl}/metrics`, {
          headers: { authorization: 'Bearer platform-metrics-token-0123' },
        })
      ).text();
    const lookups = (text: string, result: string) =>
      Number(
        new RegExp(`cache_lookups_total\\{cache="tenants",result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0,
      );
    // An issuer nobody has: loaded once (an absent value is cached too), then a hit.
    const before = await scrape();
    for (let i = 0; i < 2; i++)
      await fetch(`${app.baseUrl}/t/no-such-issuer/.well-known/oauth-authorization-server`);
    const text = await scrape();
    expect(text).toMatch(/http_requests_total\{method="GET",route="\/api\/v1\/members",status="401"\} \d+/);
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toMatch(/queue_jobs\{queue="maintenance",state="\w+"\}/);
    expect(lookups(text, 'load') - lookups(before, 'load')).toBe(1);
    expect(lookups(text, 'hit') - lookups(before, 'hit')).toBe(1);
  });

  it('serves the OpenAPI 3.1 document and browsable docs', async () => {
    const doc = (await (await fetch(`${app.baseUrl}/api/openapi.json`)).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    // Generated from the route values: bodies, answers and problem errors as named schemas.
    const create = doc.paths['/api/v1/policies'].post;
    expect(create.operationId).toBe('policies.create');
    expect(create.requestBody.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PolicyDraft',
    });
    expect(create.responses['201'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PolicyView',
    });
    expect(create.responses['403'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/Problem',
    });
    expect(create['x-audit-action']).toBe('policy.created');
    // ...and what is not a REST route: the authorization server and the gateway.
    expect(doc.paths['/t/{tenant}/token'].post.tags).toEqual(['oauth']);
    expect(doc.paths['/mcp/{tenant}/{server}'].post.tags).toEqual(['gateway']);
    expect(doc.servers).toEqual([{ url: app.config.PUBLIC_URL }]);
    const docs = await fetch(`${app.baseUrl}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger');
  });

  it('sends the same security headers on Nest routes, the OAuth endpoints and the gateway', async () => {
    const slug = uniqueSlug('hdr');
    await signUpOwner(app.baseUrl, { slug });
    const expected = {
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
      'x-dns-prefetch-control': 'off',
      'x-permitted-cross-domain-policies': 'none',
    };
    const responses = [
      await fetch(`${app.baseUrl}/healthz`),
      await fetch(`${app.baseUrl}/api/v1/members`),
      await fetch(`${app.baseUrl}/t/${slug}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      }),
      await fetch(`${app.baseUrl}/mcp/${slug}/nope`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      }),
    ];
    for (const res of responses) {
      for (const [name, value] of Object.entries(expected))
        expect(res.headers.get(name), `${res.url} ${name}`).toBe(value);
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
    expect(helmetHeaders({ contentSecurityPolicy: false, crossOriginEmbedderPolicy: false })).toMatchObject(
      expected,
    );
  });

  it('tags every response with a request id, and keeps a well-formed one from the caller', async () => {
    const res = await fetch(`${app.baseUrl}/healthz`, { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
    const bad = await fetch(`${app.baseUrl}/healthz`, { headers: { 'x-request-id': 'not a valid id!' } });
    expect(bad.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('maintenance queue', () => {
  it('purges expired and revoked sessions through a real BullMQ job', async () => {
    const { userId } = await signUpOwner(app.baseUrl);
    await app.db.session.updateMany({ where: { userId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const connection = { url: app.config.REDIS_URL };
    const queue = new Queue(MAINTENANCE_QUEUE, { connection, prefix: `${app.config.REDIS_PREFIX}:bull` });
    const events = new QueueEvents(MAINTENANCE_QUEUE, {
      connection,
      prefix: `${app.config.REDIS_PREFIX}:bull`,
    });
    await events.waitUntilReady();
    const job = await queue.add(PURGE_SESSIONS_JOB, {});
    const result = await job.waitUntilFinished(events, 30_000);
    expect(result.sessions).toBeGreaterThanOrEqual(1);
    expect(await app.db.session.count({ where: { userId } })).toBe(0);
    await events.close();
    await queue.close();
  });

  it('keeps live sessions', async () => {
    const { userId } = await signUpOwner(app.baseUrl);
    await purgeExpired(app.db);
    expect(await app.db.session.count({ where: { userId } })).toBe(1);
  });
});
