// Runs in its own process (forked by load.mjs), so the load generator never shares a CPU
// thread or an event loop with the server under test. Receives one job, sends one result.
// Two modes: closed loop (autocannon: each connection sends its next request as soon as the
// previous one is answered, which finds the peak) and, when the target names a `rate`, open
// loop (paced.mjs: requests at evenly spaced times, which measures latency at a given load).
import autocannon from 'autocannon';
import { LatencyRecorder, latencyBlock, round } from './latency.mjs';
import { runPaced } from './paced.mjs';

async function runClosedLoop({ target, connections, durationS, warmupS, timeoutS }) {
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
  // The runner reads the servers' CPU time from here on (see lib/cpu-time.mjs).
  process.send({ measuring: true });

  // autocannon's own histogram has 1 ms resolution; we keep every 2xx latency (hrtime, float ms)
  // so sub-millisecond differences between targets are visible.
  const latencies = new LatencyRecorder();
  const instance = autocannon({ ...base, duration: durationS });
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.add(ms);
  });
  const result = await instance;

  return {
    label: target.label,
    url: target.url,
    method: base.method,
    mode: 'closed-loop',
    durationS: result.duration,
    connections,
    requests: {
      total: result.requests.total,
      ok2xx: result['2xx'],
      perSecond: round(result.requests.total / result.duration, 1),
    },
    latencyMs: latencyBlock(latencies.summary()),
    samples: Array.from(latencies.summary().sorted),
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

function runJob(job) {
  return job.target.rate ? runPaced(job) : runClosedLoop(job);
}

process.once('message', (job) => {
  runJob(job).then(
    (result) => {
      // Every 2xx latency, for a caller that merges rounds (lib/rounds.mjs).
      if (!job.keepSamples) delete result.samples;
      process.send({ ok: true, result }, () => process.exit(0));
    },
    (error) => process.send({ ok: false, error: String(error?.stack ?? error) }, () => process.exit(1)),
  );
});
