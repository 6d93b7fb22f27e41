// Runs in its own process (forked by load.mjs), so the load generator never shares a CPU
// thread or an event loop with the server under test. Receives one job, sends one result.
import autocannon from 'autocannon';

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function round(value, digits = 3) {
  return value === null ? null : Number(value.toFixed(digits));
}

async function runJob({ target, connections, durationS, warmupS, timeoutS }) {
  const base = {
    url: target.url,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    body: target.body,
    connections,
    pipelining: 1,
    timeout: timeoutS,
  };
  const bodyIncludes = target.expect?.bodyIncludes;
  if (bodyIncludes !== undefined) base.verifyBody = (body) => body.includes(bodyIncludes);

  if (warmupS > 0) await autocannon({ ...base, duration: warmupS });

  // autocannon's own histogram has 1 ms resolution; we keep every 2xx latency (hrtime, float ms)
  // so sub-millisecond differences between targets are visible.
  let latencies = new Float64Array(1 << 16);
  let count = 0;
  const instance = autocannon({ ...base, duration: durationS });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode < 200 || statusCode >= 300) return;
    if (count === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[count++] = ms;
  });
  const result = await instance;

  const sorted = latencies.subarray(0, count).sort();
  const mean = count === 0 ? null : sorted.reduce((a, b) => a + b, 0) / count;
  return {
    label: target.label,
    url: target.url,
    method: base.method,
    durationS: result.duration,
    connections,
    requests: {
      total: result.requests.total,
      ok2xx: result['2xx'],
      perSecond: round(result.requests.total / result.duration, 1),
    },
    latencyMs: {
      p50: round(percentile(sorted, 50)),
      p90: round(percentile(sorted, 90)),
      p99: round(percentile(sorted, 99)),
      p999: round(percentile(sorted, 99.9)),
      max: round(count === 0 ? null : sorted[count - 1]),
      mean: round(mean),
    },
    throughputBytesPerSec: Math.round(result.throughput.average),
    errors: {
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      mismatches: result.mismatches ?? 0,
    },
    statusCodes: {
      '1xx': result['1xx'],
      '2xx': result['2xx'],
      '3xx': result['3xx'],
      '4xx': result['4xx'],
      '5xx': result['5xx'],
    },
  };
}

process.once('message', (job) => {
  runJob(job).then(
    (result) => process.send({ ok: true, result }, () => process.exit(0)),
    (error) => process.send({ ok: false, error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
