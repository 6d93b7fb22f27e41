// Builds the workspace packages a suite runs (and their dependencies) through Turborepo's cache.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './paths.mjs';

export function buildPackages(packageNames, { skip = false } = {}) {
  if (skip || packageNames.length === 0) return;
  const turbo = join(ROOT, 'node_modules', '.bin', 'turbo');
  if (!existsSync(turbo))
    throw new Error('turbo is not installed: run `pnpm install` at the repository root first');
  const filters = packageNames.map((name) => `--filter=${name}`);
  const run = spawnSync(turbo, ['run', 'build', ...filters, '--output-logs=errors-only'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`build of ${packageNames.join(', ')} failed`);
}
