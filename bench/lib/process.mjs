// Child processes for benchmarks: start a service, wait until it says it is ready, stop it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const children = new Set();

/** Remember a child so it is killed even if the runner dies half way. */
export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

process.once('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
// A signal would otherwise end the runner without 'exit' and leave servers running.
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
]) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping child processes`);
    process.exit(code);
  });
}

/** Resolves once GET `url` answers 2xx; rejects on `signal`. */
async function pollUntilOk(url, signal) {
  while (!signal.aborted) {
    try {
      const res = await fetch(url, { signal });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Spawns `command args` and resolves once it is ready: a stdout line matches `ready` (a RegExp;
 * resolves with the match), or GET `readyUrl` answers 2xx (for services that print nothing,
 * e.g. the API at LOG_LEVEL=warn; match is null), or, with `spawnedIsReady`, once it runs (for a
 * process that serves nothing, e.g. a queue worker). stderr is forwarded, prefixed with `name`;
 * stdout too when `ready` is not given, the lines `forwardStdout(line)` accepts (all by default).
 * Returns { match, child, stop() }.
 */
export async function startService({
  name,
  command,
  args = [],
  env = {},
  cwd,
  ready,
  readyUrl,
  spawnedIsReady = false,
  forwardStdout = () => true,
  timeoutMs = 15_000,
}) {
  if ([ready, readyUrl, spawnedIsReady].filter(Boolean).length !== 1)
    throw new Error(`${name}: give exactly one of ready, readyUrl and spawnedIsReady`);
  const child = track(
    spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
  const lines = createInterface({ input: child.stdout });
  const polling = new AbortController();

  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not become ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    lines.on('line', (line) => {
      if (!ready) {
        if (forwardStdout(line)) console.error(`[${name}] ${line}`);
        return;
      }
      const m = ready.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    if (readyUrl) {
      pollUntilOk(readyUrl, polling.signal).then(() => {
        clearTimeout(timer);
        resolve(null);
      });
    }
    if (spawnedIsReady) {
      child.once('spawn', () => {
        clearTimeout(timer);
        resolve(null);
      });
    }
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  })
    .catch((error) => {
      child.kill('SIGKILL');
      throw error;
    })
    .finally(() => polling.abort());

  return {
    match,
    child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * A reference of bench/peers (`<script>.mjs`) in its own Node process, as production runs it, on
 * any free port (PEER_PORT=0); ready once a stdout line matches `ready`.
 */
export function startPeer(root, script, env, ready) {
  return startService({
    name: script,
    command: process.execPath,
    args: [join(root, 'bench/peers', `${script}.mjs`)],
    env: { NODE_ENV: 'production', PEER_PORT: '0', ...env },
    ready,
  });
}
