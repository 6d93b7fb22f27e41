// (b) Guardrail scanning throughput on typical JSON. Target: >= 50 MB/s.
import { bench, describe } from 'vitest';
import { createPayloadScanner } from '../src/index';
import { typicalResult } from './fixtures';

const payload = typicalResult(1_000_000);
const bytes = Buffer.byteLength(JSON.stringify(payload));

const pii = createPayloadScanner({
  direction: 'both',
  detectors: [
    { type: 'email', action: 'redact' },
    { type: 'phone', action: 'flag' },
    { type: 'card', action: 'redact' },
    { type: 'iban', action: 'redact' },
    { type: 'national_id', action: 'redact' },
    { type: 'secret', action: 'flag' },
  ],
});
const everything = createPayloadScanner({
  direction: 'both',
  detectors: [
    { type: 'email', action: 'redact' },
    { type: 'phone', action: 'flag' },
    { type: 'card', action: 'redact' },
    { type: 'iban', action: 'redact' },
    { type: 'national_id', action: 'redact' },
    { type: 'secret', action: 'flag' },
    { type: 'prompt_injection', action: 'flag' },
  ],
  customPatterns: [{ name: 'ticket', pattern: 'TICKET-[0-9]{4,}', action: 'flag' }],
});

describe(`scan ${(bytes / 1e6).toFixed(2)} MB typical JSON (MB/s = hz x ${(bytes / 1e6).toFixed(2)})`, () => {
  const options = { time: 3000, warmupIterations: 20 };
  bench(
    'PII + secrets detectors',
    () => {
      pii(payload, bytes);
    },
    options,
  );
  bench(
    'all detectors + prompt injection + one RE2 pattern',
    () => {
      everything(payload, bytes);
    },
    options,
  );
});
