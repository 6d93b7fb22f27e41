// Open-loop load at a fixed rate: request i is due at t0 + i/rate, whatever happened to the
// earlier ones, with at most `connections` in flight (keep-alive, undici). This is how latency
// "at half the peak" is measured. autocannon's overallRate is not used for it: it lets every
// connection send its quota for the second back to back and then idle until the next second,
// so half of each second runs at full load and the p99 is the saturated one.
//
// Latency of a request sent when it was due counts from when it was sent. A request that found
// every connection busy (the server fell behind) waits in a queue and counts from when it was
// due, so time spent waiting on a slow server is not hidden (no coordinated omission).
import { performance } from 'node:perf_hooks';
import { Pool, errors as undiciErrors } from 'undici';
import { LatencyRecorder, latencyBlock, round } from './latency.mjs';

function runPhase(pool, { target, connections, rate, seconds, recorder, counters }) {
  const url = new URL(target.url);
  const request = {
    path: url.pathname + url.search,
    method: target.method ?? 'GET',
    headers: target.headers ?? {},
    body: target.body,
  };
  const bodyIncludes = target.expect?.bodyIncludes;
  const interval = 1000 / rate;
  const total = Math.max(1, Math.floor(seconds * rate));
  const t0 = performance.now();
  let sent = 0;
  let settled = 0;
  let inFlight = 0;
  let lastDone = t0;
  const waiting = [];

  return new Promise((resolve) => {
    const finish = () => {
      inFlight--;
      settled++;
      lastDone = performance.now();
      if (waiting.length > 0) send(waiting.shift());
      if (settled === total) resolve({ elapsedMs: lastDone - t0, total });
    };
    const send = (startedAt) => {
      inFlight++;
      pool.request(request).then(
        async (res) => {
          const text = await res.body.text();
          const ms = performance.now() - startedAt;
          const code = res.statusCode;
          counters[`${Math.floor(code / 100)}xx`] = (counters[`${Math.floor(code / 100)}xx`] ?? 0) + 1;
          if (code < 200 || code >= 300) counters.non2xx++;
          else if (bodyIncludes !== undefined && !text.includes(bodyIncludes)) counters.mismatches++;
          else recorder?.add(ms);
          finish();
        },
        (error) => {
          if (
            error instanceof undiciErrors.HeadersTimeoutError ||
            error instanceof undiciErrors.BodyTimeoutError
          )
            counters.timeouts++;
          else counters.errors++;
          finish();
        },
      );
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total && t0 + sent * interval <= now) {
        const due = t0 + sent * interval;
        sent++;
        if (inFlight < connections) send(now);
        else {
          counters.queued++;
          waiting.push(due);
        }
      }
      if (sent < total) setTimeout(tick, Math.max(0, t0 + sent * interval - performance.now()));
    };
    tick();
  });
}

export async function runPaced({ target, connections, durationS, warmupS, timeoutS }) {
  const url = new URL(target.url);
  const pool = new Pool(url.origin, {
    connections,
    pipelining: 1,
    keepAliveTimeout: 60_000,
    headersTimeout: timeoutS * 1000,
    bodyTimeout: timeoutS * 1000,
  });
  const fresh = () => ({ errors: 0, timeouts: 0, non2xx: 0, mismatches: 0, queued: 0 });
  try {
    if (warmupS > 0) {
      await runPhase(pool, { target, connections, rate: target.rate, seconds: warmupS, counters: fresh() });
    }
    const recorder = new LatencyRecorder();
    const counters = fresh();
    const { elapsedMs, total } = await runPhase(pool, {
      target,
      connections,
      rate: target.rate,
      seconds: durationS,
      recorder,
      counters,
    });
    return {
      label: target.label,
      url: target.url,
      method: target.method ?? 'GET',
      mode: 'paced',
      durationS: round(elapsedMs / 1000, 2),
      connections,
      requests: {
        total,
        ok2xx: counters['2xx'] ?? 0,
        offeredPerSecond: target.rate,
        perSecond: round(total / (elapsedMs / 1000), 1),
        queuedForConnection: counters.queued,
      },
      latencyMs: latencyBlock(recorder.summary()),
      samples: Array.from(recorder.summary().sorted),
      errors: {
        errors: counters.errors,
        timeouts: counters.timeouts,
        non2xx: counters.non2xx,
        mismatches: counters.mismatches,
      },
      statusCodes: {
        '1xx': counters['1xx'] ?? 0,
        '2xx': counters['2xx'] ?? 0,
        '3xx': counters['3xx'] ?? 0,
        '4xx': counters['4xx'] ?? 0,
        '5xx': counters['5xx'] ?? 0,
      },
    };
  } finally {
    await pool.close();
  }
}
