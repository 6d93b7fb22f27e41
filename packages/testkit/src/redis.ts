// A throw-away redis-server on a free loopback port (Debian package redis-server).
import { spawn, type ChildProcess } from 'node:child_process';
import { canConnect, freePort, waitFor } from './ports';

export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
  /** Start it again on the same port (after stop), to test recovery. */
  start(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      {
        stdio: 'ignore',
      },
    );
    child.once('error', (e) => {
      throw new Error(`redis-server could not start (apt-get install redis-server): ${e.message}`);
    });
    await waitFor(() => canConnect(port), 'redis-server');
  };
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    start,
    async stop() {
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
