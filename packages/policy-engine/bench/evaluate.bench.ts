// (a) Evaluating 50 mixed policies for one call, without a store round trip (the in-memory
// store counts, so rate limits and quotas are exercised). Target: < 10 µs at p50.
import { bench, describe } from 'vitest';
import { compilePolicies, evaluate, MemoryRateLimitStore } from '../src/index';
import { benchCall, mixedPolicies, smallArguments } from './fixtures';

const set = compilePolicies(mixedPolicies());
const store = new MemoryRateLimitStore();
const withPayload = benchCall(smallArguments);
const withoutPayload = benchCall();

// Enough warm-up for the JIT and the per-target plan cache to settle before sampling.
const options = { time: 2000, warmupTime: 500, warmupIterations: 5000 };

describe('evaluate 50 mixed policies', () => {
  bench(
    'no payload, memory store',
    async () => {
      await evaluate(set, withoutPayload, { store });
    },
    options,
  );

  bench(
    'small tool-call payload, memory store',
    async () => {
      await evaluate(set, withPayload, { store });
    },
    options,
  );

  bench(
    'small tool-call payload, no store (limits not counted)',
    async () => {
      await evaluate(set, withPayload);
    },
    options,
  );
});

describe('compile', () => {
  const policies = mixedPolicies();
  bench('compilePolicies(50) (on policy change, not per call)', () => {
    compilePolicies(policies);
  });
});
