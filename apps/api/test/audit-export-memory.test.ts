// A large tenant's export streams: the NDJSON and CSV exports of 150,000 events (each over
// 100 MB) go through HTTP while this process (which runs the API too) samples its own memory,
// and a client that stops reading holds the server back instead of making it buffer.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyNdjsonStream, type AuditEvent, type AuditEventInput } from '@portcullis/audit-core';
import { appendEvents } from '../src/audit/audit.store';
import { AuditTrailService } from '../src/audit-trail/audit-trail.service';
import { signUpOwner, startTestApp, type TestApp } from './harness';
import { waitUntil } from './fixtures';

const EVENTS = 150_000;
const BATCH = 5_000;
const MB = 1024 * 1024;
// What the export may add to this process's memory (V8 heap + buffers outside it), measured
// after a full GC: whatever a streaming export holds (a page of rows, a few lines, socket
// buffers) is a few MB; a buffering one holds the whole export, here more than 100 MB.
const RETAINED_BOUND = 32 * MB;
// The same without a GC first (garbage included): the bound has GC slack, and is still far
// below the export's size.
const PEAK_BOUND = 64 * MB;

// A full GC on demand, for a baseline and for retained-memory samples without garbage.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (() => void) | undefined;

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUpOwner>>;
let cookie: string;

/** Varied, realistic events (agents, servers, tools, refusals with reasons), about 900 bytes each as an export line. */
function input(tenantId: string, i: number, base: number): AuditEventInput {
  const refused = i % 23 === 0;
  return {
    id: randomUUID(),
    tenantId,
    time: new Date(base + i * 250).toISOString(),
    actor: {
      type: 'agent',
      id: `00000000-0000-4000-8000-${String(i % 40).padStart(12, '0')}`,
      label: `agent ${i % 40}`,
    },
    action: refused ? 'token.denied' : 'gateway.call',
    target: {
      type: 'server',
      id: `00000000-0000-4000-9000-${String(i % 7).padStart(12, '0')}`,
      label: `server ${i % 7}`,
    },
    outcome: refused ? 'denied' : 'success',
    ...(refused ? { reason: `tool tool_${i % 30} is not granted to this agent on this server` } : {}),
    requestId: `req-${i}-${randomUUID()}`,
    ip: '10.1.2.3',
    details: {
      method: 'tools/call',
      tool: `tool_${i % 30}`,
      latencyMs: (i % 97) / 10,
      requestBytes: 100 + (i % 500),
      responseBytes: 200 + (i % 900),
      argumentNames: ['text', 'count', 'language', 'max_results', 'include_archived'],
      userAgent: `portcullis-agent-sdk/1.${i % 9}.0 (linux; x64) node/20.19.${i % 5} session=${(i * 2654435761) % 4294967296}`,
    },
  };
}

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUpOwner(app.baseUrl);
  cookie = `pc_session=${owner.client.cookie('pc_session')}`;
  // The worker's append path (appendEvents under the head lock), in large batches.
  const base = Date.now() - EVENTS * 250;
  for (let from = 0; from < EVENTS; from += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, EVENTS - from) }, (_, j) =>
      input(owner.tenantId, from + j, base),
    );
    await app.db.$transaction((tx) => appendEvents(tx, owner.tenantId, batch), { timeout: 120_000 });
  }
  const checkpoint = await owner.client.post('/api/v1/audit/checkpoints');
  expect(checkpoint.body).toEqual({ created: true });
}, 180_000);

afterAll(async () => {
  await app?.close();
});

/** heapUsed + external (external includes ArrayBuffers: socket and Buffer memory). */
function used(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

/**
 * Samples memory while `run` goes: every 20 ms as it stands (garbage included), and every
 * 500 ms after a full GC (what is really held). Growth is over a post-GC baseline.
 */
async function sampled<T>(
  run: () => Promise<T>,
): Promise<{ result: T; peakGrowth: number; retainedGrowth: number }> {
  gc?.();
  const baseline = used();
  let peak = baseline;
  let retained = baseline;
  const fast = setInterval(() => {
    peak = Math.max(peak, used());
  }, 20);
  const slow = setInterval(() => {
    if (!gc) return;
    gc();
    retained = Math.max(retained, used());
  }, 500);
  try {
    const result = await run();
    return { result, peakGrowth: peak - baseline, retainedGrowth: gc ? retained - baseline : Number.NaN };
  } finally {
    clearInterval(fast);
    clearInterval(slow);
  }
}

function get(path: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${app.baseUrl}${path}`, { headers: { cookie } }, resolve);
    req.on('error', reject);
  });
}

/**
 * Reads a response body without keeping it: counts its bytes and lines, keeps the last line,
 * and hands each chunk to `each` (e.g. a streaming verifier).
 */
async function* counted(
  res: http.IncomingMessage,
  tally: { bytes: number; lines: number; lastLine: string },
): AsyncGenerator<Buffer> {
  let tail = '';
  for await (const chunk of res as AsyncIterable<Buffer>) {
    tally.bytes += chunk.length;
    let from = 0;
    for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) {
      tally.lines++;
      tally.lastLine = tail + chunk.toString('utf8', from, at);
      tail = '';
      from = at + 1;
    }
    tail += chunk.toString('utf8', from);
    if (tail.length > 64 * 1024) tail = tail.slice(-64 * 1024); // only ever the last line is kept
    yield chunk;
  }
  if (tail) throw new Error('body does not end with a newline');
}

async function headSeq(): Promise<number> {
  const head = await app.db.auditHead.findUnique({ where: { tenantId: owner.tenantId } });
  return Number(head!.seq);
}

/** The most the kernel may buffer on one loopback connection: the receiver's plus the sender's maximum TCP buffer. */
function kernelSocketBuffers(): number {
  try {
    const max = (file: string) => Number(readFileSync(file, 'utf8').trim().split(/\s+/)[2]);
    const total = max('/proc/sys/net/ipv4/tcp_rmem') + max('/proc/sys/net/ipv4/tcp_wmem');
    return Number.isFinite(total) ? total : 48 * MB;
  } catch {
    return 48 * MB; // not Linux
  }
}

function mb(bytes: number): string {
  return `${(bytes / MB).toFixed(1)} MB`;
}

describe('export of a large tenant', () => {
  it('streams the NDJSON export without memory growth, complete and verifiable', async () => {
    const tally = { bytes: 0, lines: 0, lastLine: '' };
    const {
      result: verdict,
      peakGrowth,
      retainedGrowth,
    } = await sampled(async () => {
      const res = await get('/api/v1/audit/export?format=ndjson');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('application/x-ndjson');
      return verifyNdjsonStream(counted(res, tally));
    });
    // Sign-up's two, the seeded events, the checkpoint request and the tenant's first signing
    // key (key.rotated), and audit.exported.
    const events = await headSeq();
    console.info(
      `NDJSON export: ${mb(tally.bytes)}, ${tally.lines} lines; memory growth peak ${mb(peakGrowth)}, after GC ${mb(retainedGrowth)}`,
    );

    expect(events).toBe(EVENTS + 5);
    expect(tally.bytes).toBeGreaterThan(100 * MB);
    // header, the checkpoint, every event
    expect(tally.lines).toBe(1 + 1 + events);
    const last = JSON.parse(tally.lastLine) as { type: string } & AuditEvent;
    expect(last).toMatchObject({ type: 'event', seq: events, action: 'audit.exported' });
    expect(verdict).toMatchObject({ ok: true, verifiedCount: events, headSeq: events, checkpointCount: 1 });

    expect(peakGrowth).toBeLessThan(PEAK_BOUND);
    if (gc) expect(retainedGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('streams the CSV export without memory growth, complete', async () => {
    const tally = { bytes: 0, lines: 0, lastLine: '' };
    const { peakGrowth, retainedGrowth } = await sampled(async () => {
      const res = await get('/api/v1/audit/export?format=csv');
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/csv');
      for await (const chunk of counted(res, tally)) void chunk;
    });
    const events = await headSeq();
    console.info(
      `CSV export: ${mb(tally.bytes)}, ${tally.lines} lines; memory growth peak ${mb(peakGrowth)}, after GC ${mb(retainedGrowth)}`,
    );

    expect(tally.bytes).toBeGreaterThan(100 * MB);
    expect(tally.lines).toBe(1 + events); // the column names, every event
    expect(tally.lastLine.split(',')[0]).toBe(String(events));
    expect(tally.lastLine).toContain('audit.exported');

    expect(peakGrowth).toBeLessThan(PEAK_BOUND);
    if (gc) expect(retainedGrowth).toBeLessThan(RETAINED_BOUND);
  });

  it('holds back for a client that stops reading, and stops when it goes away', async () => {
    // Count the events the server has read for the export, and see it let go of them.
    const trail = app.app.get(AuditTrailService);
    const chain = trail.chain.bind(trail);
    let produced = 0;
    let finished = false;
    trail.chain = async function* (...args: Parameters<AuditTrailService['chain']>) {
      try {
        for await (const e of chain(...args)) {
          produced++;
          yield e;
        }
      } finally {
        finished = true;
      }
    };
    try {
      const tally = { bytes: 0, lines: 0, lastLine: '' };
      const {
        result: stalled,
        retainedGrowth,
        peakGrowth,
      } = await sampled(async () => {
        const res = await get('/api/v1/audit/export?format=ndjson');
        expect(res.statusCode).toBe(200);
        // Read the first megabyte, then stop reading (the socket's receive window fills up).
        await new Promise<void>((resolve) => {
          res.on('data', function onData(chunk: Buffer) {
            tally.bytes += chunk.length;
            tally.lines += chunk.toString('latin1').split('\n').length - 1;
            if (tally.bytes >= MB) {
              res.pause();
              res.off('data', onData);
              resolve();
            }
          });
        });
        // Wait until the server stops reading events (backpressure), or long enough that one
        // that ignores it would have read far more than the bound below.
        let last = -1;
        let steadySince = Date.now();
        const started = Date.now();
        while (Date.now() - started < 20_000 && Date.now() - steadySince < 2_000) {
          await new Promise((r) => setTimeout(r, 100));
          if (produced !== last) {
            last = produced;
            steadySince = Date.now();
          }
        }
        const held = { produced, read: tally.lines };
        res.destroy(); // the client goes away
        return held;
      });
      // In flight between them: the kernel's socket buffers (on loopback they grow up to the
      // sender's and the receiver's maximum, tens of MB here) and a few of Node's chunks; not
      // the 125 MB export that a server ignoring backpressure would read ahead.
      const inFlight = (stalled.produced - stalled.read) * (tally.bytes / tally.lines);
      console.info(
        `slow client: server read ${stalled.produced} events while the client had read ${stalled.read} lines (${mb(inFlight)} in flight, kernel socket buffers up to ${mb(kernelSocketBuffers())}); memory growth peak ${mb(peakGrowth)}, after GC ${mb(retainedGrowth)}`,
      );
      expect(inFlight).toBeLessThan(kernelSocketBuffers() + 8 * MB);
      expect(stalled.produced).toBeLessThan(EVENTS);
      expect(peakGrowth).toBeLessThan(PEAK_BOUND);
      if (gc) expect(retainedGrowth).toBeLessThan(RETAINED_BOUND);
      // The server closes the export (its generator and database paging) once the client is gone.
      await waitUntil('the export to stop', async () => finished, 10_000);
      expect((await owner.client.get('/api/v1/audit/events?limit=1')).status).toBe(200);
    } finally {
      delete (trail as { chain?: unknown }).chain; // back to the prototype's method
    }
  });
});
