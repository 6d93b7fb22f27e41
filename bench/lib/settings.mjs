// Load settings, read once from the environment and validated; a bad value stops the run with one line.

export const DEFAULT_CONNECTIONS = 50;

function positiveNumber(env, name, fallback, { integer = false, allowZero = false } = {}) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  const ok =
    Number.isFinite(value) && (allowZero ? value >= 0 : value > 0) && (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'a whole number' : 'a number';
    throw new Error(`${name} must be ${kind} ${allowZero ? '>= 0' : '> 0'}, got "${raw}"`);
  }
  return value;
}

/**
 * BENCH_CONNECTIONS (50), BENCH_DURATION seconds (10), BENCH_WARMUP seconds (3, 0 = none),
 * BENCH_TIMEOUT per-request seconds (10), BENCH_SKIP_BUILD=1 to use existing dist/ builds,
 * BENCH_ROUNDS (the suite's default, else 1): slices each target's measured time is split into.
 */
export function readSettings(env = process.env) {
  return {
    connections: positiveNumber(env, 'BENCH_CONNECTIONS', DEFAULT_CONNECTIONS, { integer: true }),
    durationS: positiveNumber(env, 'BENCH_DURATION', 10),
    warmupS: positiveNumber(env, 'BENCH_WARMUP', 3, { allowZero: true }),
    timeoutS: positiveNumber(env, 'BENCH_TIMEOUT', 10),
    skipBuild: env.BENCH_SKIP_BUILD === '1' || env.BENCH_SKIP_BUILD === 'true',
    // null: the suite's own default (`export const rounds`), else 1.
    rounds: env.BENCH_ROUNDS ? positiveNumber(env, 'BENCH_ROUNDS', 1, { integer: true }) : null,
  };
}
