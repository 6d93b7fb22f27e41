// client_credentials issuance on Portcullis (PostgreSQL + Redis) and on panva's oidc-provider
// set up the same way (JWT access tokens, ES256, one resource indicator, client_secret_basic),
// side by side in one run; then each again, paced at half of its measured peak.
import { baseRoot, provisionTenant, startPortcullis, tokenRequest } from '../lib/portcullis.mjs';
import { startPeer } from '../lib/process.mjs';
import { startExampleServerProcess } from './example-mcp.mjs';
import { embeddedWithin } from '../lib/report.mjs';

export const name = 'token';
export const description =
  'client_credentials tokens/s and latency: Portcullis vs oidc-provider (ratio), then p99 at half the peak';
export const packages = ['@portcullis/api', '@portcullis/example-mcp-server', '@portcullis/testkit'];
/** Targets interleaved in three slices each: a ratio taken on a shared machine must not hinge on when each target ran. */
export const rounds = 3;

/** Targets from issue 3. */
const MIN_RATIO = 1.5;
const MAX_P99_HALF_PEAK_MS = 25;

const PEER_CLIENT_ID = 'bench-client';

async function startOidcProvider(root, clientSecret) {
  const peer = await startPeer(
    root,
    'oidc-provider',
    { PEER_CLIENT_ID, PEER_CLIENT_SECRET: clientSecret, PEER_TOKEN_TTL: '3600' },
    /^listening (\S+) token=(\S+) resource=(\S+)/,
  );
  return { tokenUrl: peer.match[2], resource: peer.match[3], pid: peer.child.pid, stop: peer.stop };
}

/** The label of Portcullis on `database` ('portcullis' alone, '(embedded)' added beside PostgreSQL). */
function portcullisLabel(database, databases) {
  return databases.length > 1 && database === 'embedded' ? 'portcullis (embedded)' : 'portcullis';
}

export async function setup({ settings, root }) {
  const databases = settings.databases ?? [settings.embedded ? 'embedded' : 'postgres'];
  const stops = [];
  const teardown = async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  };
  try {
    // The example server only gives the agent a resource to be granted; it takes no load here.
    const upstream = await startExampleServerProcess(root);
    stops.push(upstream.stop);
    // One API per database (each idle while another target is measured).
    const instances = [];
    for (const database of databases) {
      const portcullis = await startPortcullis(root, { embedded: database === 'embedded' });
      stops.push(portcullis.stop);
      const tenant = await provisionTenant(portcullis.url, { upstreamUrl: upstream.url });
      instances.push({ label: portcullisLabel(database, databases), tenant, pid: portcullis.apiPid });
    }
    // A base checkout (BENCH_BASE_ROOT), for before and after in one run: a reference, not a target.
    const base = baseRoot();
    const references = [];
    if (base) {
      const portcullis = await startPortcullis(base);
      stops.push(portcullis.stop);
      const tenant = await provisionTenant(portcullis.url, { upstreamUrl: upstream.url });
      references.push({ label: 'portcullis (base)', tenant, pid: portcullis.apiPid });
    }
    // The same secret length and shape for the peer, so Basic headers and bodies are alike.
    const peer = await startOidcProvider(root, instances[0].tenant.clientSecret);
    stops.push(peer.stop);

    const targets = [
      {
        label: 'oidc-provider',
        url: peer.tokenUrl,
        cpuPids: [peer.pid],
        ...tokenRequest({
          clientId: PEER_CLIENT_ID,
          clientSecret: instances[0].tenant.clientSecret,
          resource: peer.resource,
        }),
      },
      ...[...instances, ...references].map(({ label, tenant, pid }) => ({
        label,
        url: tenant.tokenUrl,
        // The API process (with its embedded database's thread); PostgreSQL's server is not counted.
        cpuPids: [pid],
        ...tokenRequest({
          clientId: tenant.clientId,
          clientSecret: tenant.clientSecret,
          resource: tenant.gatewayUrl,
        }),
      })),
    ];
    return {
      targets,
      baseline: 'oidc-provider',
      followUps: (results) =>
        targets.map((t) => {
          const peak = results.find((r) => r.label === t.label).requests.perSecond;
          return { ...t, label: `${t.label} @ half peak`, rate: Math.max(1, Math.round(peak / 2)) };
        }),
      summary: (results, comparison) => {
        const peerHalf = results.find((r) => r.label === 'oidc-provider @ half peak')?.latencyMs.p99 ?? null;
        const checks = instances.flatMap(({ label }) => {
          const ratio = comparison.find((c) => c.label === label)?.throughputRatio ?? null;
          const p99 = results.find((r) => r.label === `${label} @ half peak`)?.latencyMs.p99 ?? null;
          const who = label === 'portcullis' ? '' : ` (${label})`;
          return [
            {
              check: `throughput vs oidc-provider >= ${MIN_RATIO}x${who}`,
              value: ratio === null ? '-' : `${ratio.toFixed(2)}x`,
              pass: ratio !== null && ratio >= MIN_RATIO,
            },
            {
              check: `p99 at half peak < ${MAX_P99_HALF_PEAK_MS} ms${who}`,
              value: p99 === null ? '-' : `${p99.toFixed(2)} ms`,
              pass: p99 !== null && p99 < MAX_P99_HALF_PEAK_MS,
            },
            {
              // Issue 13: no worse than the peer's p99 at half of the peer's own peak.
              check: `p99 at half peak <= oidc-provider's${who}`,
              value:
                p99 === null || peerHalf === null ? '-' : `${p99.toFixed(2)} vs ${peerHalf.toFixed(2)} ms`,
              pass: p99 !== null && peerHalf !== null && p99 <= peerHalf,
            },
          ];
        });
        if (instances.length > 1) checks.push(embeddedWithin(results, 'portcullis', 'portcullis (embedded)'));
        return checks;
      },
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
