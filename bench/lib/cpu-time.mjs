// CPU time of server processes while a target is measured: on a shared machine wall-clock rates
// move with everyone else's load, the CPU a request costs does not (much). Linux /proc only;
// elsewhere the figure is left out. A process's utime + stime covers all its threads (the
// embedded database's included); a server's own children (PostgreSQL's backends) are not counted.
// The first process's main thread (its event loop, the task whose id is the pid) is read apart:
// that thread is what saturates first, and work handed to other threads does not count in it.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuTicks(statPath) {
  try {
    const stat = readFileSync(statPath, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU `pids` used between start() and stop(): { totalMs, firstMs, loopMs } (firstMs: the first
 * pid's alone, the server under test when a target names its upstream too; loopMs: that
 * process's main thread); null when /proc cannot tell.
 */
export function cpuMeter(pids) {
  let before = null;
  const paths = [...pids.map((pid) => `/proc/${pid}/stat`), `/proc/${pids[0]}/task/${pids[0]}/stat`];
  const read = () => {
    const ticks = paths.map(cpuTicks);
    return ticks.some((t) => t === null) ? null : ticks;
  };
  const ms = (ticks) => (ticks * 1000) / TICKS_PER_SECOND;
  return {
    start() {
      before = read();
    },
    stop() {
      const after = read();
      if (before === null || after === null) return null;
      const used = after.map((t, i) => t - before[i]);
      const loop = used.pop();
      return { totalMs: ms(used.reduce((a, b) => a + b, 0)), firstMs: ms(used[0]), loopMs: ms(loop) };
    },
  };
}
