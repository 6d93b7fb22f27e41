// Process signals for a node. The first SIGTERM or SIGINT starts the stop sequence and the
// process exits with its code; a second one hurries it (the deadline is now). A signal that
// arrives while the node is still starting is kept and acted on once it has started; if it has
// not started by the deadline, the process exits 1.
import type { NodeStopper } from './shutdown';

export interface StopSignals {
  /** From now on a stop signal stops this node (at once, if one already arrived). */
  attach(stopper: NodeStopper): void;
}

export function listenForStopSignals(timeoutMs: number, name: string): StopSignals {
  let stopper: NodeStopper | undefined;
  let received = 0;
  let startTimeout: NodeJS.Timeout | undefined;
  const stop = (s: NodeStopper) => {
    // A client failing while it is being closed must not end the process before the database is closed.
    process.on('unhandledRejection', (e) =>
      console.error(`${name}: ignored during shutdown: ${e instanceof Error ? e.message : String(e)}`),
    );
    s.stop().then(
      (outcome) => process.exit(outcome.code),
      (e: unknown) => {
        console.error(`${name}: shutdown failed: ${e instanceof Error ? e.message : String(e)}`);
        process.exit(1);
      },
    );
  };
  const onSignal = () => {
    received++;
    if (!stopper) {
      if (received === 1) startTimeout = setTimeout(() => process.exit(1), timeoutMs);
      else process.exit(1);
      return;
    }
    if (received === 1) stop(stopper);
    else stopper.hurry();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return {
    attach(s) {
      clearTimeout(startTimeout);
      stopper = s;
      if (received > 0) stop(s);
    },
  };
}
