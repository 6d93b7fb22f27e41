// Child processes for benchmarks: start a service, wait until it says it is ready, stop it.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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

/**
 * Spawns `command args` and resolves once a stdout line matches `ready` (a RegExp), with the match.
 * stderr is forwarded, prefixed with `name`. Returns { match, child, stop() }.
 */
export async function startService({ name, command, args = [], env = {}, cwd, ready, timeoutMs = 15_000 }) {
  const child = track(
    spawn(command, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  createInterface({ input: child.stderr }).on('line', (line) => console.error(`[${name}] ${line}`));
  const lines = createInterface({ input: child.stdout });

  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${name} did not become ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    lines.on('line', (line) => {
      const m = ready.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${signal ?? code}) before it was ready`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });

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
