// A target measured in several rounds, interleaved with the other targets (A B A B ...): one
// result, as if measured in one go. Requests and errors add up, latency percentiles come from
// every round's samples together.
import { latencyBlock, round } from './latency.mjs';

const sum = (parts, pick) => parts.reduce((total, p) => total + (pick(p) ?? 0), 0);

function addUp(parts, key) {
  const out = {};
  for (const name of Object.keys(parts[0][key])) out[name] = sum(parts, (p) => p[key][name]);
  return out;
}

/** Server CPU per request (ms), when every part measured it; the first process's alone, and its main thread's, too. */
function cpuPerRequest(parts) {
  if (parts.some((p) => p.cpuMs === undefined || p.cpuMs === null)) return {};
  const cpuMs = sum(parts, (p) => p.cpuMs);
  const firstCpuMs = sum(parts, (p) => p.firstCpuMs);
  const loopCpuMs = sum(parts, (p) => p.loopCpuMs);
  const total = sum(parts, (p) => p.requests.total);
  const perRequest = (v) => (total > 0 ? round(v / total, 4) : null);
  return {
    cpuMs,
    cpuMsPerRequest: perRequest(cpuMs),
    firstCpuMsPerRequest: perRequest(firstCpuMs),
    loopCpuMsPerRequest: perRequest(loopCpuMs),
  };
}

export function mergeRounds(parts) {
  if (parts.length === 1) {
    const { samples: _samples, ...only } = parts[0];
    return { ...only, ...cpuPerRequest(parts) };
  }
  const first = parts[0];
  const durationS = sum(parts, (p) => p.durationS);
  const total = sum(parts, (p) => p.requests.total);
  const samples = Float64Array.from(parts.flatMap((p) => p.samples ?? [])).sort();
  const mean = samples.length === 0 ? null : samples.reduce((a, b) => a + b, 0) / samples.length;
  const { samples: _samples, ...rest } = first;
  return {
    ...rest,
    rounds: parts.length,
    durationS: round(durationS, 2),
    requests: {
      ...first.requests,
      total,
      ok2xx: sum(parts, (p) => p.requests.ok2xx),
      perSecond: round(total / durationS, 1),
      ...(first.requests.queuedForConnection !== undefined && {
        queuedForConnection: sum(parts, (p) => p.requests.queuedForConnection),
      }),
    },
    latencyMs: latencyBlock({ sorted: samples, count: samples.length, mean }),
    ...(first.throughputBytesPerSec !== undefined && {
      throughputBytesPerSec: Math.round(sum(parts, (p) => p.throughputBytesPerSec * p.durationS) / durationS),
    }),
    errors: addUp(parts, 'errors'),
    statusCodes: addUp(parts, 'statusCodes'),
    ...cpuPerRequest(parts),
  };
}
