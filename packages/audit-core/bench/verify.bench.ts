// Verification throughput: events/s = hz x chain length. Run: npx vitest bench --run
import { bench, describe } from 'vitest';
import { verifyNdjsonExport, verifyNdjsonStream } from '../src/parse';
import { exportLines, makeChain } from '../src/test-support/fixtures';
import { verifyChain } from '../src/verify';

// Longer runs than the default: this machine is shared, so short runs are noisy.
const OPTS = { time: 2000, warmupIterations: 3 };

const EVENTS = 20_000;
const events = makeChain(EVENTS);
const lines = await exportLines({
  header: { tenantId: 'tnt_acme', exportedAt: new Date().toISOString() },
  events,
});
const file = Buffer.from(lines.join('\n') + '\n');
const chunks: Buffer[] = [];
for (let i = 0; i < file.length; i += 64 * 1024) chunks.push(file.subarray(i, i + 64 * 1024));

async function expectOk(p: Promise<{ ok: boolean; verifiedCount: number }>) {
  const r = await p;
  if (!r.ok || r.verifiedCount !== EVENTS) throw new Error('benchmark chain did not verify');
}

describe(`verification of ${EVENTS} events (events/s = hz x ${EVENTS})`, () => {
  bench(
    'verifyNdjsonStream from file bytes (64 KiB chunks, as the CLI reads them)',
    async () => {
      await expectOk(verifyNdjsonStream(chunks));
    },
    OPTS,
  );

  bench(
    'verifyNdjsonExport from lines',
    async () => {
      await expectOk(verifyNdjsonExport(lines));
    },
    OPTS,
  );

  bench(
    'verifyChain from event objects (canonicalises each event)',
    async () => {
      await expectOk(verifyChain(events));
    },
    OPTS,
  );
});
