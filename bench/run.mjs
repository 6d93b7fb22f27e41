#!/usr/bin/env node
// Benchmark runner: `pnpm bench [name...]` (all suites when no name), `pnpm bench --list`.
// Each suite is bench/suites/<name>.mjs; see bench/README.md for the contract.
import { readdirSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildPackages } from './lib/build.mjs';
import { cpuMeter } from './lib/cpu-time.mjs';
import { preflight, runLoad } from './lib/load.mjs';
import { ROOT, SUITES_DIR } from './lib/paths.mjs';
import { compare, printReport, writeResults } from './lib/report.mjs';
import { mergeRounds } from './lib/rounds.mjs';
import { readSettings } from './lib/settings.mjs';

async function loadSuites() {
  const files = readdirSync(SUITES_DIR)
    .filter((f) => f.endsWith('.mjs'))
    .sort();
  const suites = [];
  for (const file of files) {
    const suite = await import(pathToFileURL(join(SUITES_DIR, file)).href);
    const expected = basename(file, '.mjs');
    if (suite.name !== expected) throw new Error(`bench/suites/${file} must export name = "${expected}"`);
    if (typeof suite.setup !== 'function')
      throw new Error(`bench/suites/${file} must export an async setup()`);
    suites.push(suite);
  }
  return suites;
}

function validateTargets(suite, targets) {
  if (!Array.isArray(targets) || targets.length === 0)
    throw new Error(`${suite.name}: setup() returned no targets`);
  const labels = new Set();
  for (const t of targets) {
    if (!t.label || !t.url) throw new Error(`${suite.name}: every target needs a label and a url`);
    if (labels.has(t.label)) throw new Error(`${suite.name}: duplicate target label "${t.label}"`);
    labels.add(t.label);
  }
}

async function runSuite(suite, settings) {
  const startedAt = new Date();
  console.log(`\n== ${suite.name}: ${suite.description}`);
  buildPackages(suite.packages ?? [], { skip: settings.skipBuild });
  const { targets, teardown, baseline, followUps, summary } = await suite.setup({ settings, root: ROOT });
  try {
    validateTargets(suite, targets);
    for (const target of targets) await preflight(target);
    const rounds = settings.rounds ?? suite.rounds ?? 1;
    // Each target's measured time is cut into `rounds` slices run in turn (A B A B ...), so a
    // change in the machine's load during the run weighs on every target alike. Later slices
    // get a short warm-up of their own (new connections).
    const measure = async (list) => {
      const parts = list.map(() => []);
      for (let r = 0; r < rounds; r++) {
        for (const [i, target] of list.entries()) {
          const warmupS = r === 0 ? settings.warmupS : Math.min(1, settings.warmupS);
          const durationS = settings.durationS / rounds;
          const warm = warmupS > 0 ? `${warmupS}s warm-up + ` : '';
          const pace = target.rate ? `, paced at ${target.rate} req/s` : '';
          const slice = rounds > 1 ? ` (round ${r + 1}/${rounds})` : '';
          console.log(
            `-> ${target.label}${slice}: ${warm}${durationS}s at ${settings.connections} connections${pace}`,
          );
          // The servers' CPU while measured (closed-loop targets naming their processes' pids).
          const cpu = target.cpuPids && !target.rate ? cpuMeter(target.cpuPids) : null;
          const part = await runLoad(
            target,
            { ...settings, durationS, warmupS },
            { keepSamples: rounds > 1, onMeasuring: () => cpu?.start() },
          );
          const used = cpu?.stop();
          if (used)
            Object.assign(part, { cpuMs: used.totalMs, firstCpuMs: used.firstMs, loopCpuMs: used.loopMs });
          else if (cpu) part.cpuMs = null;
          parts[i].push(part);
        }
      }
      return parts.map(mergeRounds);
    };
    const results = await measure(targets);
    // Targets that depend on measured results (e.g. latency at half the measured peak).
    const more = (await followUps?.(results.slice())) ?? [];
    validateTargets(suite, [...targets, ...more]);
    results.push(...(await measure(more)));
    const comparison = compare(results, baseline);
    // The suite's own targets (e.g. the issue's acceptance figures), checked against this run.
    const checks = summary?.(results, comparison) ?? [];
    printReport(suite.name, results, comparison, checks);
    const file = writeResults(suite, { ...settings, rounds }, startedAt, results, comparison, checks);
    console.log(`\nwrote ${relative(ROOT, file)}`);
  } finally {
    await teardown?.();
  }
}

async function main() {
  const flags = process.argv.slice(2).filter((a) => a !== '--');
  // --embedded: the suites that start the API run it on the embedded PGlite instead of PostgreSQL;
  // --both: on each, side by side (one API per database, their targets interleaved with the peer's).
  const embedded = flags.includes('--embedded');
  const both = flags.includes('--both');
  if (embedded && both) throw new Error('use --embedded or --both, not both');
  const args = flags.filter((a) => a !== '--embedded' && a !== '--both');
  const suites = await loadSuites();
  if (args.includes('--list') || args.includes('--help')) {
    console.log(
      'usage: pnpm bench [--embedded | --both] [name...]   (env: BENCH_CONNECTIONS, BENCH_DURATION, BENCH_WARMUP, BENCH_TIMEOUT, BENCH_ROUNDS, BENCH_SKIP_BUILD)\n',
    );
    for (const s of suites) console.log(`${s.name.padEnd(24)} ${s.description}`);
    return;
  }
  const unknown = args.filter((a) => !suites.some((s) => s.name === a));
  if (unknown.length > 0) {
    throw new Error(
      `unknown benchmark ${unknown.map((u) => `"${u}"`).join(', ')}; available: ${suites.map((s) => s.name).join(', ')}`,
    );
  }
  const databases = both ? ['postgres', 'embedded'] : embedded ? ['embedded'] : ['postgres'];
  const settings = { ...readSettings(), embedded, databases };
  const selected = args.length === 0 ? suites : suites.filter((s) => args.includes(s.name));
  for (const suite of selected) await runSuite(suite, settings);
}

main().catch((error) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
