// The sink outbox against a Redis outage: an admin change of a tenant that has a webhook sink
// succeeds while Redis is down (no Redis call waits inside, or in front of, its transaction), its
// delivery row is committed with it, and the delivery arrives once Redis is back. A pending row
// whose hand-off was lost is queued again by the relay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import { startRedis, type RedisServer } from '@portcullis/testkit';
import { Client, GOOD_PASSWORD, signUpOwner, startTestApp, type TestApp } from './harness';
import { registerExampleServer, waitUntil } from './fixtures';
import { AuditRelay } from '../src/audit/audit-relay';

let app: TestApp;
let redis: RedisServer;
let receiver: Server;
let receiverUrl: string;
const received: any[] = [];

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  redis = await startRedis();
  app = await startTestApp({ RUN_WORKER: 'true', REDIS_URL: redis.url, AUDIT_SINK_BACKOFF_MS: '50' });
});
afterAll(async () => {
  await app?.close();
  await redis?.stop();
  receiver?.close();
});

const deliveredAction = (action: string, id?: string) => () =>
  Promise.resolve(
    received
      .flatMap((b) => b.events ?? [])
      .find((e: any) => e.action === action && (!id || e.target?.id === id)),
  );

describe('sink outbox', () => {
  it('an admin change succeeds while Redis is down, and its delivery arrives once Redis is back', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const { serverId, upstream } = await registerExampleServer(owner.client);
    const sink = await owner.client.post('/api/v1/audit/sinks', {
      name: 'siem',
      kind: 'webhook',
      url: receiverUrl,
      actions: ['server.updated', 'session.signed_in'],
    });
    expect(sink.status).toBe(201);

    await redis.stop();
    let event, pending;
    try {
      const changed = await owner.client.patch(`/api/v1/servers/${serverId}`, {
        name: 'Renamed while Redis was down',
      });
      expect(changed.status).toBe(200);
      expect(changed.body.name).toBe('Renamed while Redis was down');
      // Committed with the change: the event and its delivery row, pending.
      event = await app.db.auditEvent.findFirstOrThrow({
        where: { tenantId: owner.tenantId, action: 'server.updated', targetId: serverId },
      });
      pending = await app.db.auditDelivery.findFirstOrThrow({
        where: { tenantId: owner.tenantId, sinkId: sink.body.sink.id, eventIds: { has: event.id } },
      });
      expect(pending).toMatchObject({ status: 'pending', eventIds: [event.id] });
      expect(received).toHaveLength(0);
      // A sign-in of that tenant (its event has a delivery too) does not wait for Redis either.
      const signin = await new Client(app.baseUrl).post('/api/v1/auth/signin', {
        email: owner.email,
        password: GOOD_PASSWORD,
      });
      expect(signin.status).toBe(200);
    } finally {
      await redis.start();
    }
    const delivered = await waitUntil(
      'the delivery after Redis came back',
      deliveredAction('server.updated', serverId),
      60_000,
    );
    expect(delivered.id).toBe(event.id);
    await waitUntil('the sign-in delivered too', deliveredAction('session.signed_in'), 60_000);
    await waitUntil(
      'the row marked delivered',
      async () =>
        (await app.db.auditDelivery.findUniqueOrThrow({ where: { id: pending.id } })).status === 'delivered',
    );
    await upstream.close();
  });

  it('the relay queues a pending delivery whose hand-off was lost', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const sink = await owner.client.post('/api/v1/audit/sinks', {
      name: 'siem',
      kind: 'webhook',
      url: receiverUrl,
      actions: ['api_token.created'],
    });
    const event = await app.db.auditEvent.findFirstOrThrow({
      where: { tenantId: owner.tenantId, action: 'sink.created' },
    });
    // A row as a crash between commit and hand-off leaves it: written, never queued, old enough.
    await app.db.auditDelivery.create({
      data: {
        tenantId: owner.tenantId,
        sinkId: sink.body.sink.id,
        eventIds: [event.id],
        createdAt: new Date(Date.now() - 60_000),
      },
    });
    await app.app.get(AuditRelay).relay();
    await waitUntil('the relayed delivery', deliveredAction('sink.created'));
  });
});
