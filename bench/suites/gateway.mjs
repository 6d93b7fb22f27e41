// The gateway's cost: the same stateless tools/call echo against the example MCP server
// directly and through the gateway (token verification, authorization, forwarding, audit).
import { echoRequest, startExampleServerProcess } from './example-mcp.mjs';
import { embeddedWithin } from '../lib/report.mjs';
import { startPeer } from '../lib/process.mjs';
import {
  baseRoot,
  fetchAccessToken,
  fetchPersonToken,
  provisionTenant,
  startPortcullis,
} from '../lib/portcullis.mjs';

export const name = 'gateway';
export const description =
  'tools/call echo directly and through the gateway (an agent, and a person through an MCP client): req/s, p50/p99 and the added latency';
export const packages = ['@portcullis/api', '@portcullis/example-mcp-server', '@portcullis/testkit'];
/** Targets interleaved in three slices each: a ratio taken on a shared machine must not hinge on when each target ran. */
export const rounds = 3;

/** Targets from issues 4 and 13 (13: 90% of direct when loaded, +0.3 ms mean at one connection). */
const MAX_ADDED_P50_MS = 1;
const MAX_ADDED_P99_MS = 5;
const MIN_THROUGHPUT_RATIO = 0.9;
const MAX_ADDED_MEAN_ONE_CONNECTION_MS = 0.3;
const BARE_PROXY = 'bare proxy (reference)';

/** A pass-through proxy with no checks (bench/peers/bare-proxy.mjs): what any proxy costs here. */
async function startBareProxy(root, upstreamUrl) {
  const proxy = await startPeer(root, 'bare-proxy', { PEER_UPSTREAM: upstreamUrl }, /^listening (\S+)/);
  return { url: proxy.match[1], pid: proxy.child.pid, stop: proxy.stop };
}

export async function setup({ settings, root }) {
  if (settings.warmupS + settings.durationS > 3000)
    throw new Error('the gateway suite runs on one token: keep warm-up + duration under 3000 s');
  const databases = settings.databases ?? [settings.embedded ? 'embedded' : 'postgres'];
  const base = baseRoot();
  // A person's token lives five minutes, and the targets (four, five with both databases, one
  // more with a base checkout) take turns.
  const turns = 3 + databases.length + (base ? 1 : 0);
  if (turns * (settings.warmupS + settings.durationS) > 280)
    throw new Error(
      `the gateway suite runs a person's five-minute token: keep ${turns} x (warm-up + duration) under 280 s`,
    );
  const stops = [];
  const teardown = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    const upstream = await startExampleServerProcess(root);
    stops.push(upstream.stop);
    const echo = echoRequest();
    const bare = await startBareProxy(root, upstream.url);
    stops.push(bare.stop);
    // One API per database; the person's target on the first only (its flow is the same code).
    const gateways = [];
    let personTarget;
    for (const database of databases) {
      const portcullis = await startPortcullis(root, { embedded: database === 'embedded' });
      stops.push(portcullis.stop);
      const tenant = await provisionTenant(portcullis.url, {
        upstreamUrl: upstream.url,
        tokenLifetimeSec: 3600,
      });
      const token = await fetchAccessToken(tenant);
      const label = databases.length > 1 && database === 'embedded' ? 'gateway (embedded)' : 'gateway';
      // The gateway's CPU is the API's (with its embedded database's thread) plus the upstream's.
      const cpuPids = [portcullis.apiPid, upstream.pid];
      gateways.push({
        label,
        url: tenant.gatewayUrl,
        cpuPids,
        ...echo,
        headers: { ...echo.headers, authorization: `Bearer ${token}` },
      });
      if (!personTarget) {
        const personToken = await fetchPersonToken(tenant);
        // A member's MCP client: the same call, checked against the person's standing (caches).
        personTarget = {
          label: 'gateway (person)',
          url: tenant.gatewayUrl,
          cpuPids,
          ...echo,
          headers: { ...echo.headers, authorization: `Bearer ${personToken}` },
        };
      }
    }
    // A base checkout's gateway (BENCH_BASE_ROOT), for before and after in one run: a reference, not a target.
    if (base) {
      const portcullis = await startPortcullis(base);
      stops.push(portcullis.stop);
      const tenant = await provisionTenant(portcullis.url, {
        upstreamUrl: upstream.url,
        tokenLifetimeSec: 3600,
      });
      const token = await fetchAccessToken(tenant);
      gateways.push({
        label: 'gateway (base)',
        url: tenant.gatewayUrl,
        cpuPids: [portcullis.apiPid, upstream.pid],
        ...echo,
        headers: { ...echo.headers, authorization: `Bearer ${token}` },
      });
    }
    const throughGateway = [
      gateways[0].label,
      personTarget.label,
      ...gateways
        .slice(1)
        .filter((g) => g.label !== 'gateway (base)')
        .map((g) => g.label),
    ];
    return {
      targets: [
        { label: 'direct', url: upstream.url, ...echo, cpuPids: [upstream.pid] },
        // A reference, not a target: the floor a proxy with no checks sets on this machine.
        { label: BARE_PROXY, url: bare.url, ...echo, cpuPids: [bare.pid, upstream.pid] },
        gateways[0],
        personTarget,
        ...gateways.slice(1),
      ],
      baseline: 'direct',
      summary: (results, comparison) => {
        const ms = (v) => (v === null || v === undefined ? '-' : `${v.toFixed(2)} ms`);
        const checks = throughGateway.flatMap((label) => {
          const c = comparison.find((x) => x.label === label);
          const who = label === 'gateway' ? '' : label.slice('gateway'.length);
          return [
            ...(settings.connections === 1
              ? [
                  {
                    check: `added mean <= ${MAX_ADDED_MEAN_ONE_CONNECTION_MS} ms at 1 connection${who}`,
                    value: ms(c?.addedMeanMs),
                    pass: c?.addedMeanMs != null && c.addedMeanMs <= MAX_ADDED_MEAN_ONE_CONNECTION_MS,
                  },
                ]
              : []),
            {
              check: `added p50 < ${MAX_ADDED_P50_MS} ms${who}`,
              value: ms(c?.addedP50Ms),
              pass: c?.addedP50Ms != null && c.addedP50Ms < MAX_ADDED_P50_MS,
            },
            {
              check: `added p99 < ${MAX_ADDED_P99_MS} ms${who}`,
              value: ms(c?.addedP99Ms),
              pass: c?.addedP99Ms != null && c.addedP99Ms < MAX_ADDED_P99_MS,
            },
            // At one connection throughput is 1/latency, so the ratio only restates the added
            // latency; the throughput target is for a loaded gateway.
            ...(settings.connections > 1
              ? [
                  {
                    check: `throughput >= ${MIN_THROUGHPUT_RATIO * 100}% of direct${who}`,
                    value: c?.throughputRatio == null ? '-' : `${(c.throughputRatio * 100).toFixed(1)}%`,
                    pass: c?.throughputRatio != null && c.throughputRatio >= MIN_THROUGHPUT_RATIO,
                  },
                ]
              : []),
          ];
        });
        if (databases.length > 1) checks.push(embeddedWithin(results, 'gateway', 'gateway (embedded)'));
        return checks;
      },
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
