// PGlite reaches its data directory through Emscripten's NODEFS, whose system-call stubs drop
// PostgreSQL's syncs: fdatasync (how the WAL is flushed at every commit, wal_sync_method's
// default) returns without doing anything, and fsync (what a checkpoint does to every data file
// it wrote) does nothing because NODEFS has no fsync operation. PGlite does not read
// postgresql.conf, so the method cannot be changed either. A commit then lives in the OS's page
// cache only: it survives the process's crash but not the machine's (power loss, a kernel
// panic), and a checkpoint may recycle WAL whose pages never reached the disk.
//
// This puts the syncs back, in the database's thread:
// - NODEFS gets an fsync that syncs the host file or directory (checkpoints, and PostgreSQL's
//   pg_fsync of files it creates and renames);
// - every WAL segment written during an exchange is fdatasync'ed before the exchange's answer is
//   returned, so a commit is on disk before anyone is told it happened.
// A failed sync fails that exchange and every later one, as PostgreSQL stops at a failed WAL
// flush: after one, the kernel may have dropped the pages, and no later commit can be trusted.
import fs from 'node:fs';

/** What this needs of a PGlite instance. */
interface EmbeddedPGlite {
  execProtocolRaw(message: Uint8Array): Promise<Uint8Array>;
}

/** The parts of Emscripten's NODEFS this uses (PGlite does not type its module). */
interface NodeFsStream {
  path: string;
  nfd?: number;
  node: unknown;
}
interface NodeFs {
  realPath(node: unknown): string;
  tryFSOperation<T>(f: () => T): T;
  stream_ops: {
    write: (stream: NodeFsStream, ...rest: unknown[]) => number;
    fsync?: (stream: NodeFsStream) => void;
  };
}

const WAL_SEGMENT = /\/pg_wal\/[0-9A-F]{24}$/;

/** Syncs a host path that has no descriptor open here (a directory, or a file closed since). */
function syncPath(hostPath: string, sync: (fd: number) => void): void {
  const fd = fs.openSync(hostPath, 'r');
  try {
    sync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Makes `pglite`'s syncs real (see above) and returns its exchange function: the protocol
 * message in, the answer out once the WAL it wrote is on disk. Call once per instance.
 */
export function durableExchange(pglite: EmbeddedPGlite): (message: Uint8Array) => Promise<Uint8Array> {
  const nodefs = (pglite as unknown as { mod: { FS: { filesystems: { NODEFS: NodeFs } } } }).mod.FS
    .filesystems.NODEFS;
  const ops = nodefs.stream_ops;
  // The failure is PostgreSQL's to handle here: an errno, and it stops (data_sync_retry is off).
  ops.fsync = (stream) =>
    nodefs.tryFSOperation(() =>
      stream.nfd !== undefined
        ? fs.fsyncSync(stream.nfd)
        : syncPath(nodefs.realPath(stream.node), fs.fsyncSync),
    );
  const walWritten = new Set<string>();
  const write = ops.write;
  ops.write = (stream, ...rest) => {
    const n = write.call(ops, stream, ...rest);
    if (WAL_SEGMENT.test(stream.path)) walWritten.add(nodefs.realPath(stream.node));
    return n;
  };
  let failed: Error | undefined;
  return async (message) => {
    if (failed) throw failed;
    const answer = await pglite.execProtocolRaw(message);
    try {
      // By path: PostgreSQL may have closed the segment since, and its descriptor reused.
      for (const segment of walWritten) syncPath(segment, fs.fdatasyncSync);
    } catch (e) {
      failed = new Error(`the embedded database could not flush its write-ahead log: ${String(e)}`);
      throw failed;
    } finally {
      walWritten.clear();
    }
    return answer;
  };
}
