// Preloaded into the API (`node --import`) when BENCH_API_PROFILE names a directory: a V8 CPU profile
// of the whole run, written when the process is told to stop. `node --cpu-prof` writes its
// profile only on a normal exit, and Nest's shutdown hooks end the process by re-raising the
// signal, so it never gets one. Open the file in Chrome DevTools (Performance tab) or VS Code.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

const dir = process.env.BENCH_API_PROFILE;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 200 });
session.post('Profiler.start');

let written = false;
function write() {
  if (written) return;
  written = true;
  // Same-thread inspector sessions answer synchronously: the file is on disk before Nest's own
  // SIGTERM handler re-raises the signal.
  session.post('Profiler.stop', (error, result) => {
    if (error) return;
    // `--import` runs in worker threads too (the embedded database's): one file per thread.
    const file = join(
      dir,
      isMainThread ? `api-${process.pid}.cpuprofile` : `api-${process.pid}-thread-${threadId}.cpuprofile`,
    );
    writeFileSync(file, JSON.stringify(result.profile));
    process.stderr.write(`cpu profile: ${file}\n`);
  });
}
process.prependListener('SIGTERM', write);
process.prependListener('SIGINT', write);
process.once('exit', write);
