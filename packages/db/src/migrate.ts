// Applies the committed migrations with `prisma migrate deploy` (the JS schema engine over
// the same adapter as the application), used at start in the embedded mode and by tests.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

export function migrateDeploy(databaseUrl?: string): void {
  const dbPackageDir = path.resolve(__dirname, '..');
  const prismaCli = require.resolve('prisma/build/index.js', { paths: [dbPackageDir] });
  const env = { ...process.env };
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else delete env.DATABASE_URL;
  const result = spawnSync(process.execPath, [prismaCli, 'migrate', 'deploy'], {
    cwd: dbPackageDir,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `prisma migrate deploy failed: ${(result.stderr || result.stdout).trim().split('\n').slice(-12).join(' | ')}`,
    );
  }
}
