// A throw-away PostgreSQL cluster from the installed server binaries, on a free loopback port.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports';

export interface PostgresServer {
  url: string;
  port: number;
  /** Connection string for another database on the same server (as another role, if given). */
  urlFor(database: string, user?: string): string;
  createDatabase(name: string): string;
  restart(): void;
  /**
   * The two halves of restart() (fast stop, keeping the data; start on the same port), async so
   * the event loop runs while the server is down: a test can keep its app busy in between.
   */
  halt(): Promise<void>;
  resume(): Promise<void>;
  stop(): void;
}

function findBinDir(): string {
  if (process.env.PG_BIN) return process.env.PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions)
    if (existsSync(path.join(root, v, 'bin', 'initdb'))) return path.join(root, v, 'bin');
  throw new Error('PostgreSQL server binaries not found: apt-get install postgresql (or set PG_BIN)');
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findBinDir();
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portcullis-pg-'));
  const dataDir = path.join(dir, 'data');
  // initdb refuses to run as root: run the server as the postgres OS user then.
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  if (asRoot && pgUser !== undefined) chownSync(dir, pgUser, pgUser);
  const run = (cmd: string, args: string[]) => {
    const full = asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]]
      : [path.join(bin, cmd), args];
    const result = spawnSync(full[0] as string, full[1] as string[], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${cmd} failed: ${result.stderr || result.stdout}`);
  };
  const runAsync = (cmd: string, args: string[]) => {
    const file = asRoot ? 'runuser' : path.join(bin, cmd);
    const argv = asRoot ? ['-u', 'postgres', '--', path.join(bin, cmd), ...args] : args;
    return new Promise<void>((resolve, reject) =>
      execFile(file, argv, { encoding: 'utf8' }, (err, stdout, stderr) =>
        err ? reject(new Error(`${cmd} failed: ${stderr || stdout || err.message}`)) : resolve(),
      ),
    );
  };
  run('initdb', ['-D', dataDir, '-U', 'portcullis', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  const startArgs = ['-D', dataDir, '-o', opts, '-l', path.join(dir, 'log'), '-w', 'start'];
  const stopArgs = ['-D', dataDir, '-m', 'fast', '-w', 'stop'];
  const start = () => run('pg_ctl', startArgs);
  start();
  const urlFor = (database: string, user = 'portcullis') =>
    `postgresql://${user}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url: urlFor('postgres'),
    urlFor,
    createDatabase(name: string) {
      run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'portcullis', name]);
      return urlFor(name);
    },
    restart() {
      run('pg_ctl', stopArgs);
      start();
    },
    halt: () => runAsync('pg_ctl', stopArgs),
    resume: () => runAsync('pg_ctl', startArgs),
    stop() {
      spawnSync(
        asRoot ? 'runuser' : path.join(bin, 'pg_ctl'),
        asRoot
          ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', dataDir, '-m', 'immediate', '-w', 'stop']
          : ['-D', dataDir, '-m', 'immediate', '-w', 'stop'],
      );
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
