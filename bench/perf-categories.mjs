// Where a process's CPU goes, from the kernel's samples (`perf record -e cpu-clock`), not from V8's
// profiler: V8 samples wall-clock time, so a thread waiting on a wake-up (`writev` to a busy peer, a
// hand-off to the thread pool) shows there as if it were working. Each sample is put in the first
// category that matches a frame, from the leaf up: the code that was running, by subsystem.
// Reads the text of `perf script -F tid,ip,sym,dso` for one thread. See bench/README.md.
// Run: node bench/perf-categories.mjs /tmp/api-main.txt [top symbols, default 25]
import { readFileSync } from 'node:fs';

const [file, top = '25'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/perf-categories.mjs <perf script output> [top symbols]');
  process.exit(2);
}

/** First match wins, frame by frame from the leaf: order matters only within one frame. */
const CATEGORIES = [
  ['kernel', /\[kernel\.kallsyms\]/],
  [
    'garbage collector',
    /Scavenge|MarkCompact|Heap::|GarbageCollect|Sweeper|ConcurrentMarking|IncrementalMarking/,
  ],
  ['audit', /call-log\.js|audit\/|audit-core|tenant-transaction|pg\/lib|pg-protocol/],
  ['metrics', /prom-client|http-hooks/],
  ['outbound (undici)', /undici|outbound\/dist/],
  ['policies', /policy-gate|policies\/|policy-core/],
  ['token signature', /jws-signer|signOneShot|access-token|crypto\/sig/],
  ['client authentication', /client-auth|client-secrets|secrets\.js|Hmac|crypto\/hash/],
  ['token endpoint', /oauth\.routes|token\.service|oauth\/form|issuance-policy|oauth\//],
  [
    'caller and caches',
    /caller\.js|token-verifier|coherent-cache|api-keys|tenant-directory|server-directory|lru-cache/,
  ],
  ['MCP pipeline', /mcp-pipeline|client-side\.js|server-side\.js|upstream-answer/],
  ['gateway', /gateway-calls|gateway\.routes/],
  ['fastify and nest', /fastify|@nestjs|middie|http-drain|find-my-way|cookie|pino/],
  ['node http', /_http_|node:net|stream_base|node:internal\/streams|llhttp/],
];

const samples = [];
let current;
for (const line of readFileSync(file, 'utf8').split('\n')) {
  // A sample's header (its thread id, right-aligned by perf) is the one line not indented by a tab.
  if (line && !line.startsWith('\t')) samples.push((current = []));
  else if (current) {
    const frame = /^\s+[0-9a-f]+ (.*)$/.exec(line);
    if (frame) current.push(frame[1]);
  }
}
const byCategory = new Map();
const bySymbol = new Map();
for (const frames of samples) {
  let category = 'other (V8 runtime, promises, libuv)';
  search: for (const frame of frames)
    for (const [name, pattern] of CATEGORIES)
      if (pattern.test(frame)) {
        category = name;
        break search;
      }
  byCategory.set(category, (byCategory.get(category) ?? 0) + 1);
  const leaf = (frames[0] ?? '?').replace(/\/\S*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '');
  bySymbol.set(leaf, (bySymbol.get(leaf) ?? 0) + 1);
}
const share = (n) => `${((n / samples.length) * 100).toFixed(1).padStart(5)}%`;
const sorted = (m) => [...m].sort((a, b) => b[1] - a[1]);
console.log(`${samples.length} samples`);
for (const [name, n] of sorted(byCategory)) console.log(`${share(n)}  ${name}`);
console.log(`\ntop ${top} symbols (self)`);
for (const [name, n] of sorted(bySymbol).slice(0, Number(top)))
  console.log(`${share(n)}  ${name.slice(0, 160)}`);
