// Sealing throughput: events/s = hz x batch size. Run: npx vitest bench --run
import { bench, describe } from 'vitest';
import { chainEvents } from '../src/chain';
import { GENESIS_HASH, computeEventHash } from '../src/hash';
import { makeChain, makeInputs } from '../src/test-support/fixtures';

// Longer runs than the default: this machine is shared, so short runs are noisy.
const OPTS = { time: 2000, warmupIterations: 3 };

const BATCH = 1000;
const inputs = makeInputs(BATCH);
const [sealed] = makeChain(1);

describe('sealing', () => {
  bench(
    `chainEvents, batch of ${BATCH} (validate + canonicalise + SHA-256)`,
    () => {
      chainEvents(GENESIS_HASH, inputs, 1);
    },
    OPTS,
  );

  bench(
    'computeEventHash, one event (canonicalise + SHA-256)',
    () => {
      computeEventHash(GENESIS_HASH, sealed as object);
    },
    OPTS,
  );
});
