// The last durable place for audit events when neither the queue (Redis) nor the database takes
// them: a local append-only spool, one batch per line, flushed to disk before the write returns,
// and replayed into the database once it answers again. Appends are idempotent by event id, so
// a batch replayed twice (a crash between the append and the file's removal) is stored once.
//
// Files: spool-<pid>-<uuid>.ndjson while written, claimed-<owner>-<uuid>.ndjson while one process
// replays them (claiming is a rename, atomic on one file system). <owner> is the kernel's boot id,
// the PID and the process's start time, so a claim whose process is gone is claimed again even
// when its PID has been reused since (PID 1 in a restarted container, say): a crash in the
// middle of a replay loses nothing either. A batch
// the database refuses (rather than cannot be reached for) goes to rejected-<uuid>.ndjson for
// an operator, so it does not block the batches behind it forever.
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { AuditEventInput } from '@portcullis/audit-core';

/** Thrown by a replay's `append` for a batch the database answered but refused: set aside, not retried. */
export class RejectedBatch extends Error {
  constructor(override readonly cause: unknown) {
    super(`audit batch refused by the database: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

const SPOOLED = /^spool-(\d+)-[\w-]+\.ndjson$/;
const CLAIMED = /^claimed-([0-9a-f]{32}|noboot)-(\d+)-(\d+)-[\w-]+\.ndjson$/;

function readProc(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** This kernel's boot: a claim made before a reboot belongs to no running process. */
const BOOT_ID = readProc('/proc/sys/kernel/random/boot_id')?.trim().replace(/-/g, '') ?? 'noboot';

/** When `pid` started (clock ticks since boot, /proc/<pid>/stat field 22); '0' without /proc. */
export function processStart(pid: number): string | undefined {
  const stat = readProc(`/proc/${pid}/stat`);
  if (stat === undefined) return BOOT_ID === 'noboot' ? '0' : undefined;
  // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
}

/** The name part that identifies this process for as long as it runs. */
export function ownerTag(pid = process.pid): string {
  return `${BOOT_ID}-${pid}-${processStart(pid) ?? '0'}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process that made a claim still runs: same boot, same PID, same start time. */
function claimAlive(boot: string, pid: number, started: string): boolean {
  if (boot !== BOOT_ID) return false;
  if (pid === process.pid) return started === (processStart(pid) ?? '0');
  return pidAlive(pid) && processStart(pid) === started;
}

export class AuditSpool {
  private readonly file: string;

  constructor(private readonly dir: string) {
    this.file = path.join(dir, `spool-${process.pid}-${randomUUID()}.ndjson`);
  }

  /** Appends one batch and waits until it is on disk. */
  write(events: AuditEventInput[]): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    appendDurably(this.file, JSON.stringify(events));
  }

  /** Spool files waiting to be replayed (this process's, other processes', orphaned claims). */
  pending(): string[] {
    return this.names().filter((n) => {
      const spooled = SPOOLED.exec(n);
      if (spooled) return true;
      const claimed = CLAIMED.exec(n);
      return claimed !== null && !claimAlive(claimed[1]!, Number(claimed[2]), claimed[3]!);
    });
  }

  /**
   * Replays every pending file through `append` (which must be idempotent by event id) and
   * removes it once all its batches are stored. Stops at the first failure, leaving that file
   * for the next attempt. Returns the number of events handed to `append`.
   */
  async replay(append: (events: AuditEventInput[]) => Promise<unknown>): Promise<number> {
    let replayed = 0;
    for (const name of this.pending()) {
      const claimed = path.join(this.dir, `claimed-${ownerTag()}-${randomUUID()}.ndjson`);
      try {
        renameSync(path.join(this.dir, name), claimed);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // another process took it
        throw e;
      }
      try {
        for (const line of readFileSync(claimed, 'utf8').split('\n')) {
          if (line.trim() === '') continue;
          const batch = parseBatch(line);
          if (!batch) continue; // a line torn by a crash mid-write: the rest of the file is intact
          try {
            await append(batch);
            replayed += batch.length;
          } catch (e) {
            if (!(e instanceof RejectedBatch)) throw e;
            this.setAside(line);
          }
        }
      } catch (e) {
        // Back in the queue of files for the next attempt.
        renameSync(claimed, path.join(this.dir, `spool-${process.pid}-${randomUUID()}.ndjson`));
        throw e;
      }
      unlinkSync(claimed);
    }
    return replayed;
  }

  /** Bytes and files waiting (written, claimed or not), for the spool metrics. */
  size(): { bytes: number; files: number } {
    let bytes = 0;
    let files = 0;
    for (const name of this.names()) {
      if (!SPOOLED.test(name) && !CLAIMED.test(name)) continue;
      try {
        bytes += statSync(path.join(this.dir, name)).size;
        files++;
      } catch {
        /* replayed and removed meanwhile */
      }
    }
    return { bytes, files };
  }

  /** Time (ms) of the oldest event waiting here: the first event of each file's first batch. */
  oldestEventTime(): number | undefined {
    let oldest: number | undefined;
    for (const name of this.names()) {
      if (!SPOOLED.test(name) && !CLAIMED.test(name)) continue;
      const first = readProc(path.join(this.dir, name))?.split('\n', 1)[0];
      const time = first ? Date.parse(parseBatch(first)?.[0]?.time ?? '') : NaN;
      if (!Number.isNaN(time)) oldest = Math.min(oldest ?? time, time);
    }
    return oldest;
  }

  private names(): string[] {
    try {
      return readdirSync(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  private setAside(line: string): void {
    appendDurably(path.join(this.dir, `rejected-${randomUUID()}.ndjson`), line);
  }
}

/** One line, on disk (not only in the page cache) when this returns; readable by the owner only. */
function appendDurably(file: string, line: string): void {
  const fd = openSync(file, 'a', 0o600);
  try {
    writeSync(fd, `${line}\n`);
    fdatasyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function parseBatch(line: string): AuditEventInput[] | undefined {
  try {
    const batch = JSON.parse(line) as unknown;
    return Array.isArray(batch) ? (batch as AuditEventInput[]) : undefined;
  } catch {
    return undefined;
  }
}
