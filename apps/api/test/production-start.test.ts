// The development demo is refused in production, by the API and by scripts/start.mjs alike.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '../../..');
const run = (file: string, env: Record<string, string>) =>
  spawnSync(process.execPath, [file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH!, ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

const prod = {
  NODE_ENV: 'production',
  REDIS_URL: 'redis://127.0.0.1:1',
  SECRET_PEPPER: 'prod-pepper-0123456789abcdef0123456789',
  MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
};

describe('a production start', () => {
  it('of the API refuses the demo seed and loopback upstreams before touching anything', () => {
    const seeded = run(path.join(ROOT, 'apps/api/dist/main.js'), { ...prod, SEED_DEMO: 'true' });
    expect(seeded.status).toBe(1);
    expect(seeded.stderr).toContain('SEED_DEMO must not be set in production');
    const loopback = run(path.join(ROOT, 'apps/api/dist/main.js'), {
      ...prod,
      ALLOW_LOOPBACK_UPSTREAMS: 'true',
    });
    expect(loopback.status).toBe(1);
    expect(loopback.stderr).toContain('ALLOW_LOOPBACK_UPSTREAMS must not be set in production');
  });

  it('through scripts/start.mjs is refused (it runs the development demo)', () => {
    const res = run(path.join(ROOT, 'scripts/start.mjs'), { NODE_ENV: 'production' });
    expect(res.status).toBe(1);
    expect(res.stderr).toContain('refuses NODE_ENV=production');
  });
});
