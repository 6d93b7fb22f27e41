// The throw-away servers the integration suites rely on really start, answer and stop.
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { canConnect, freePort, startPostgres, startRedis } from './index';

function redisPing(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1', () => s.write('PING\r\n'));
    s.once('data', (d) => (s.destroy(), resolve(d.toString().trim())));
    s.once('error', reject);
  });
}

describe('testkit', () => {
  it('finds a free port', async () => {
    const port = await freePort();
    expect(port).toBeGreaterThan(0);
    expect(await canConnect(port)).toBe(false);
  });

  it('starts and stops redis-server', async () => {
    const redis = await startRedis();
    expect(await redisPing(redis.port)).toBe('+PONG');
    await redis.stop();
    expect(await canConnect(redis.port)).toBe(false);
  });

  it('starts a PostgreSQL cluster, creates a database, and removes it', async () => {
    const pg = await startPostgres();
    try {
      const url = pg.createDatabase('kit_check');
      expect(url).toMatch(/\/kit_check$/);
      const psql = execFileSync('psql', [url, '-tAc', 'SELECT 40 + 2'], { encoding: 'utf8' });
      expect(psql.trim()).toBe('42');
    } finally {
      pg.stop();
    }
    expect(await canConnect(pg.port)).toBe(false);
  }, 60_000);
});
