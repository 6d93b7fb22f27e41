// CPU time of server processes while a target is measured: on a shared machine wall-clock rates
// move with everyone else's load, the CPU a request costs does not (much). Linux /proc only;
// elsewhere the figure is left out. A process's utime + stime covers all its threads (the
// embedded database's included); a server's own children (PostgreSQL's backends) are not counted.
import { readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces, in parentheses): utime is the 14th field, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return null;
  }
}

/**
 * CPU `pids` used between start() and stop(): { totalMs, firstMs } (firstMs: the first pid's
 * alone, the server under test when a target names its upstream too); null when /proc cannot tell.
 */
export function cpuMeter(pids) {
  let before = null;
  const read = () => {
    const ticks = pids.map(cpuTicks);
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
      return { totalMs: ms(used.reduce((a, b) => a + b, 0)), firstMs: ms(used[0]) };
    },
  };
}
