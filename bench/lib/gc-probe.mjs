// Preloaded into the API (`node --import`) when BENCH_API_GC names a directory: what V8's garbage
// collector did, second by second, written as it goes to <dir>/api-<pid>.gc.tsv (main thread only).
// Columns: seconds since start, scavenges and their milliseconds, major GCs, their milliseconds
// and the longest, the old generation's used MB, and the event loop's longest delay (any cause:
// GC, a long task, the process not scheduled). A CPU profile shows GC as samples; this shows the
// pauses, how fast the old generation fills (objects promoted, then dead), and whether a slow
// request at a paced load met a stalled event loop.
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  const file = join(process.env.BENCH_API_GC, `api-${process.pid}.gc.tsv`);
  writeFileSync(
    file,
    'second\tscavenges\tscavenge_ms\tmajors\tmajor_ms\tmajor_max_ms\told_mb\tloop_delay_max_ms\n',
  );
  const started = performance.now();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  let tally = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0, majorMax: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const kind = entry.detail?.kind;
      if (kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        tally.scavenges++;
        tally.scavengeMs += entry.duration;
      } else if (kind === constants.NODE_PERFORMANCE_GC_MAJOR) {
        tally.majors++;
        tally.majorMs += entry.duration;
        tally.majorMax = Math.max(tally.majorMax, entry.duration);
      }
    }
  }).observe({ entryTypes: ['gc'] });
  setInterval(() => {
    const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space');
    const t = tally;
    const row = [
      Math.round((performance.now() - started) / 1000),
      t.scavenges,
      t.scavengeMs.toFixed(1),
      t.majors,
      t.majorMs.toFixed(1),
      t.majorMax.toFixed(1),
      ((old?.space_used_size ?? 0) / 1e6).toFixed(1),
      (delay.max / 1e6).toFixed(1),
    ];
    delay.reset();
    appendFileSync(file, `${row.join('\t')}\n`);
    tally = { scavenges: 0, scavengeMs: 0, majors: 0, majorMs: 0, majorMax: 0 };
  }, 1000).unref();
}
