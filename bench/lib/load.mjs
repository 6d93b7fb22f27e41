// Drives one target from a separate Node process (child_process.fork of load-worker.mjs).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { track } from './process.mjs';

const WORKER = fileURLToPath(new URL('./load-worker.mjs', import.meta.url));

/** `onMeasuring`: called when the warm-up is over and the measured load starts (closed-loop targets). */
export function runLoad(target, settings, { keepSamples = false, onMeasuring } = {}) {
  const { connections, durationS, warmupS, timeoutS } = settings;
  return new Promise((resolve, reject) => {
    const child = track(fork(WORKER, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    let settled = false;
    child.on('message', (message) => {
      if (message.measuring) return onMeasuring?.();
      settled = true;
      if (message.ok) resolve(message.result);
      else reject(new Error(`load worker failed for "${target.label}": ${message.error}`));
    });
    child.once('exit', (code, signal) => {
      if (!settled)
        reject(new Error(`load worker for "${target.label}" exited (${signal ?? code}) without a result`));
    });
    child.send({ target, connections, durationS, warmupS, timeoutS, keepSamples });
  });
}

/** One request before the load: a target that answers wrongly fails loudly instead of benchmarking errors. */
export async function preflight(target) {
  const res = await fetch(target.url, {
    method: target.method ?? 'GET',
    headers: target.headers,
    body: target.body,
  });
  const text = await res.text();
  const bodyIncludes = target.expect?.bodyIncludes;
  if (!res.ok || (bodyIncludes !== undefined && !text.includes(bodyIncludes))) {
    throw new Error(`preflight for "${target.label}" failed: HTTP ${res.status} ${text.slice(0, 300)}`);
  }
}
