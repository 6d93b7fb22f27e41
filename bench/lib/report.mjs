// Turns target results into the printed table and the JSON file under bench/results/.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { RESULTS_DIR, ROOT } from './paths.mjs';
import { DEFAULT_CONNECTIONS } from './settings.mjs';

function errorCount(r) {
  return r.errors.errors + r.errors.timeouts + r.errors.mismatches;
}

/** Added latency and relative throughput of every target against the suite's baseline target. */
export function compare(results, baselineLabel) {
  if (!baselineLabel) return [];
  const base = results.find((r) => r.label === baselineLabel);
  if (!base) throw new Error(`baseline "${baselineLabel}" is not one of the targets`);
  const diff = (a, b) => (a === null || b === null ? null : Number((a - b).toFixed(3)));
  return (
    results
      // Paced runs are at an offered rate, not a peak: a throughput ratio against them means nothing.
      .filter((r) => r !== base && r.mode !== 'paced')
      .map((r) => ({
        label: r.label,
        baseline: base.label,
        addedP50Ms: diff(r.latencyMs.p50, base.latencyMs.p50),
        addedP99Ms: diff(r.latencyMs.p99, base.latencyMs.p99),
        addedMeanMs: diff(r.latencyMs.mean ?? null, base.latencyMs.mean ?? null),
        throughputRatio:
          base.requests.perSecond > 0
            ? Number((r.requests.perSecond / base.requests.perSecond).toFixed(3))
            : null,
      }))
  );
}

function formatTable(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => String(row[i]).length)));
  const line = (row) =>
    row
      .map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ');
  return [line(rows[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

const ms = (v) => (v === null ? '-' : v.toFixed(2));
const signed = (v) => (v === null ? '-' : `${v >= 0 ? '+' : ''}${v.toFixed(2)}`);

export function printReport(suiteName, results, comparison, checks = []) {
  // The first process a target names is its server under test (the API, before the upstream).
  const rows = [
    [
      'target',
      'load',
      'req/s',
      'p50 ms',
      'p99 ms',
      'errors/non-2xx',
      'server CPU ms/req',
      'of it 1st process',
      'its event loop',
    ],
  ];
  for (const r of results) {
    rows.push([
      r.label,
      r.mode === 'paced' ? `paced ${r.requests.offeredPerSecond}/s` : `${r.connections} conn`,
      r.requests.perSecond.toFixed(0),
      ms(r.latencyMs.p50),
      ms(r.latencyMs.p99),
      `${errorCount(r)}/${r.errors.non2xx}`,
      r.cpuMsPerRequest == null ? '-' : r.cpuMsPerRequest.toFixed(3),
      r.firstCpuMsPerRequest == null ? '-' : r.firstCpuMsPerRequest.toFixed(3),
      r.loopCpuMsPerRequest == null ? '-' : r.loopCpuMsPerRequest.toFixed(3),
    ]);
  }
  console.log(`\n${suiteName}\n${formatTable(rows)}`);
  if (comparison.length > 0) {
    const cmp = [['vs baseline', 'added mean ms', 'added p50 ms', 'added p99 ms', 'throughput']];
    for (const c of comparison) {
      cmp.push([
        `${c.label} vs ${c.baseline}`,
        signed(c.addedMeanMs),
        signed(c.addedP50Ms),
        signed(c.addedP99Ms),
        c.throughputRatio === null ? '-' : `${(c.throughputRatio * 100).toFixed(1)}%`,
      ]);
    }
    console.log(`\n${formatTable(cmp)}`);
  }
  if (checks.length > 0) {
    const rows = [['target', 'measured', 'met']];
    for (const c of checks) rows.push([c.check, c.value, c.pass ? 'yes' : 'NO']);
    console.log(`\n${formatTable(rows)}`);
  }
}

/**
 * The commit a checkout is at, and whether its tracked files differ from it (results aside): a
 * figure measured on an experiment's uncommitted change, or against a base directory left at
 * another commit, says so in its results.
 */
export function checkoutState(dir) {
  const git = (...args) =>
    execFileSync('git', args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    const changed = git(
      'status',
      '--porcelain',
      '--untracked-files=no',
      '--',
      '.',
      ':(exclude)bench/results',
    );
    return { commit: git('rev-parse', '--short', 'HEAD'), modified: changed !== '' };
  } catch {
    return { commit: null, modified: null };
  }
}

/** Writes bench/results/<name>.json (via a .tmp file and a rename, so a crash never leaves half a file). */
export function writeResults(suite, settings, startedAt, results, comparison, checks = []) {
  const document = {
    suite: suite.name,
    description: suite.description,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings: {
      connections: settings.connections,
      durationS: settings.durationS,
      warmupS: settings.warmupS,
      timeoutS: settings.timeoutS,
      rounds: settings.rounds ?? 1,
    },
    machine: {
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      cpu: os.cpus()[0]?.model ?? 'unknown',
      cpus: os.cpus().length,
      loadAverage1m: Number(os.loadavg()[0].toFixed(2)),
      ...checkoutState(ROOT),
      ...(process.env.BENCH_BASE_ROOT
        ? { base: { root: process.env.BENCH_BASE_ROOT, ...checkoutState(process.env.BENCH_BASE_ROOT) } }
        : {}),
    },
    targets: results,
    comparison,
    checks,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  // A run at another concurrency (e.g. BENCH_CONNECTIONS=1), on the embedded database or on both keeps its own file beside the default one.
  const databases = settings.databases ?? [];
  const suffix = `${databases.length > 1 ? '-both' : settings.embedded ? '-embedded' : ''}${settings.connections === DEFAULT_CONNECTIONS ? '' : `-c${settings.connections}`}`;
  const file = join(RESULTS_DIR, `${suite.name}${suffix}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(`${file}.tmp`, file);
  return file;
}

/** Issue 13: the embedded default's throughput within 10% of PostgreSQL's, measured in the same run. */
export const MIN_EMBEDDED_RATIO = 0.9;

export function embeddedWithin(results, postgresLabel, embeddedLabel) {
  const pg = results.find((r) => r.label === postgresLabel)?.requests.perSecond ?? null;
  const em = results.find((r) => r.label === embeddedLabel)?.requests.perSecond ?? null;
  const ratio = pg && em !== null ? em / pg : null;
  return {
    check: `${embeddedLabel} >= ${MIN_EMBEDDED_RATIO * 100}% of ${postgresLabel}`,
    value: ratio === null ? '-' : `${(ratio * 100).toFixed(1)}%`,
    pass: ratio !== null && ratio >= MIN_EMBEDDED_RATIO,
  };
}
