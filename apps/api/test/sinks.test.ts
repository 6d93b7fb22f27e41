// Webhook sinks: signed bodies (checked by the receiver), retries with backoff, dead letters
// an admin can re-drive; and the JSON-lines sink for SIEM agents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';

let app: TestApp;
let receiver: Server;
let receiverUrl: string;
const sinkDir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-sinks-'));
let failuresLeft = 0;
let secret = '';
const received: { valid: boolean; body: any }[] = [];

function verify(header: string | undefined, body: string): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header ?? '');
  if (!m || !secret) return false;
  const expected = createHmac('sha256', secret).update(`${m[1]}.${body}`).digest();
  return (
    timingSafeEqual(expected, Buffer.from(m[2]!, 'hex')) && Math.abs(Date.now() / 1000 - Number(m[1])) < 300
  );
}

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      if (failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end();
        return;
      }
      received.push({
        valid: verify(req.headers['portcullis-signature'] as string, body),
        body: JSON.parse(body),
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  app = await startTestApp({
    RUN_WORKER: 'true',
    AUDIT_SINK_BACKOFF_MS: '50',
    AUDIT_SINK_ATTEMPTS: '3',
    AUDIT_SINK_DIR: sinkDir,
  });
});
afterAll(async () => {
  await app?.close();
  receiver?.close();
});

describe('audit sinks', () => {
  it('delivers signed events, retrying through failures', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const created = await owner.client.post('/api/v1/audit/sinks', {
      name: 'siem',
      kind: 'webhook',
      url: receiverUrl,
      actions: ['api_token.created'],
    });
    expect(created.status).toBe(201);
    secret = created.body.signingSecret;
    expect(secret).toMatch(/^whsec_/);
    expect(JSON.stringify((await owner.client.get('/api/v1/audit/sinks')).body)).not.toContain(secret);
    failuresLeft = 2;
    await owner.client.post('/api/v1/api-tokens', { name: 'watched', role: 'auditor' });
    const got = await waitUntil('delivery', async () =>
      received.find((r) => r.body.events?.[0]?.action === 'api_token.created'),
    );
    expect(got.valid).toBe(true);
    expect(got.body.events[0].target.label).toBe('watched');
    const deliveries = (await owner.client.get(`/api/v1/audit/sinks/${created.body.sink.id}/deliveries`)).body
      .items;
    expect(deliveries[0]).toMatchObject({ status: 'delivered', attempts: 3 });
    // A forged signature does not verify.
    expect(verify('t=1,v1=' + '0'.repeat(64), JSON.stringify(got.body))).toBe(false);
  });

  it('dead-letters a delivery after the last retry, and re-drives it', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const created = await owner.client.post('/api/v1/audit/sinks', {
      name: 'flaky',
      kind: 'webhook',
      url: receiverUrl,
      actions: ['api_token.revoked'],
    });
    secret = created.body.signingSecret;
    failuresLeft = 3;
    const t = await owner.client.post('/api/v1/api-tokens', { name: 'doomed', role: 'auditor' });
    await owner.client.delete(`/api/v1/api-tokens/${t.body.apiToken.id}`);
    const dead = await waitUntil('dead letter', async () => {
      const r = await owner.client.get(`/api/v1/audit/sinks/${created.body.sink.id}/deliveries?status=dead`);
      return r.body.items[0];
    });
    expect(dead.lastError).toMatch(/HTTP 500/);
    const redrive = await owner.client.post(
      `/api/v1/audit/sinks/${created.body.sink.id}/deliveries/${dead.id}/redrive`,
    );
    expect(redrive.status).toBe(202);
    const got = await waitUntil('redriven delivery', async () =>
      received.find((r) => r.body.deliveryId === dead.id),
    );
    expect(got.valid).toBe(true);
    expect(got.body.events[0].action).toBe('api_token.revoked');
  });

  it('writes JSON lines for a SIEM agent, and refuses an unsafe webhook URL', async () => {
    const owner = await signUpOwner(app.baseUrl);
    const sink = await owner.client.post('/api/v1/audit/sinks', { name: 'lines', kind: 'jsonl' });
    expect(sink.status).toBe(201);
    await owner.client.post('/api/v1/api-tokens', { name: 'to-file', role: 'auditor' });
    const file = path.join(sinkDir, `${owner.tenantId}-${sink.body.sink.id}.jsonl`);
    const lines = await waitUntil('lines', async () => {
      try {
        const parsed = readFileSync(file, 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l));
        // Deliveries run concurrently: the sink's own creation and the token, in any order.
        return (
          parsed.some((l) => l.action === 'api_token.created') &&
          parsed.some((l) => l.action === 'sink.created') &&
          parsed
        );
      } catch {
        return undefined;
      }
    });
    expect(lines).toContainEqual(
      expect.objectContaining({
        action: 'sink.created',
        target: expect.objectContaining({ id: sink.body.sink.id }),
      }),
    );
    const bad = await owner.client.post('/api/v1/audit/sinks', {
      name: 'meta',
      kind: 'webhook',
      url: 'http://169.254.169.254/latest',
    });
    expect(bad.status).toBe(400);
  });
});
