// Synthetic audit events for the audit benchmarks: one gateway call as the API seals it, and, for
// the scale benchmark, a busy tenant's mix of events (the same mix on every run: a seeded PRNG picks
// actors, actions and outcomes; ids are random), appended through the worker's append path (hash
// chain included).
import { createRequire } from 'node:module';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { ROOT } from './paths.mjs';

const require = createRequire(import.meta.url);
const { appendEvents } = require(path.join(ROOT, 'apps/api/dist/audit/audit.store.js'));
const { toInput } = require(path.join(ROOT, 'apps/api/dist/audit/audit.service.js'));

const BATCH = 5_000;

/** The event of one gateway call (`tools/call echo`) as the API seals it: the append benchmarks' unit. */
export function gatewayCallInput(tenantId, i) {
  return toInput({
    tenantId,
    actor: { type: 'agent', id: 'agt_bench' },
    action: 'gateway.call',
    target: { type: 'server', id: randomUUID() },
    outcome: 'success',
    requestId: `r${i}`,
    details: { method: 'tools/call', tool: 'echo', latencyMs: 0.4, argumentNames: ['text'] },
  });
}
/** The event of one client_credentials token as the API seals it: no tool, no reason. */
export function tokenIssuedInput(tenantId, i) {
  return toInput({
    tenantId,
    actor: { type: 'agent', id: 'agt_bench', label: 'bench agent' },
    action: 'token.issued',
    target: { type: 'server', id: randomUUID(), label: 'example' },
    outcome: 'success',
    ip: '127.0.0.1',
    requestId: `r${i}`,
    details: { jti: randomUUID(), scope: 'mcp:tools', exp: 1_800_000_000 + i },
  });
}
/** The events are spread over 30 days. */
export const SPAN = 30 * 86_400_000;

/** A small seeded PRNG (mulberry32). */
export function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A tenant's cast: 200 agents, 20 servers, 40 tools, 5 users and 2 admin tokens. */
export function cast() {
  const ids = (n) => Array.from({ length: n }, () => randomUUID());
  return {
    agents: ids(200),
    servers: ids(20),
    tools: Array.from({ length: 40 }, (_, i) => `tool_${String(i).padStart(2, '0')}`),
    users: ids(5),
    adminTokens: ids(2),
  };
}

/**
 * Event i of n, at start + i * SPAN / n. The mix of a busy tenant: 80% gateway calls (6%
 * refused or failed, with a reason), 15% tokens issued, 3% refused, 2% admin changes, and a
 * rare "quarantined" event every 20,011th.
 */
export function generator(tenantId, c, n, start, seed) {
  const rnd = prng(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  return (i) => {
    const base = {
      id: randomUUID(),
      tenantId,
      time: new Date(start + Math.floor((i * SPAN) / n)).toISOString(),
      requestId: randomUUID(),
      ip: `10.0.${i % 250}.${(i >> 8) % 250}`,
    };
    const r = rnd();
    const agentIdx = Math.floor(rnd() * c.agents.length);
    const agent = { type: 'agent', id: c.agents[agentIdx], label: `agent-${agentIdx}` };
    const serverIdx = Math.floor(rnd() * c.servers.length);
    const server = { type: 'server', id: c.servers[serverIdx], label: `server-${serverIdx}` };
    const tool = pick(c.tools);
    if (i % 20_011 === 7) {
      return {
        ...base,
        actor: { type: 'system', id: 'tool-sync' },
        action: 'tool.quarantined',
        target: server,
        outcome: 'success',
        reason: `tool ${tool} quarantined after its definition changed`,
        details: { tool },
      };
    }
    if (r < 0.8) {
      const o = rnd();
      const [outcome, reason] =
        o < 0.94
          ? ['success', undefined]
          : o < 0.97
            ? ['denied', `policy "business-hours" denied ${tool} for this agent`]
            : o < 0.99
              ? [
                  'error',
                  rnd() < 0.5
                    ? 'upstream timed out after 30000 ms'
                    : 'upstream answered HTTP 502 Bad Gateway',
                ]
              : ['failure', 'upstream closed the connection before answering'];
      return {
        ...base,
        actor: agent,
        action: 'gateway.call',
        target: server,
        outcome,
        ...(reason ? { reason } : {}),
        details: {
          method: 'tools/call',
          tool,
          latencyMs: Math.round(rnd() * 5000) / 10,
          requestBytes: 80 + Math.floor(rnd() * 900),
          responseBytes: 120 + Math.floor(rnd() * 4000),
          argumentNames: ['query', 'limit'],
        },
      };
    }
    if (r < 0.95) {
      return {
        ...base,
        actor: agent,
        action: 'token.issued',
        target: server,
        outcome: 'success',
        details: {
          grantType: 'client_credentials',
          scope: 'mcp:tools',
          jti: randomUUID(),
          lifetimeSec: 3600,
        },
      };
    }
    if (r < 0.98) {
      return {
        ...base,
        actor: agent,
        action: 'token.denied',
        outcome: 'denied',
        reason: pick([
          'invalid client secret',
          'agent is disabled',
          'scope mcp:admin is not granted to this agent',
        ]),
        details: { grantType: 'client_credentials' },
      };
    }
    const admin =
      rnd() < 0.8 ? { type: 'user', id: pick(c.users) } : { type: 'admin_token', id: pick(c.adminTokens) };
    const action = pick([
      'server.updated',
      'agent.updated',
      'api_token.created',
      'tool.approved',
      'member.invited',
    ]);
    return {
      ...base,
      actor: admin,
      action,
      target: action.startsWith('agent') ? agent : server,
      outcome: 'success',
      details: { changed: ['name', 'description'] },
    };
  };
}

/** Appends n events to the tenant's chain through the worker's append path, in large batches. */
export async function seed(db, tenantId, n, gen, progress) {
  for (let from = 0; from < n; from += BATCH) {
    const batch = [];
    for (let i = from; i < Math.min(n, from + BATCH); i++) batch.push(gen(i));
    await db.$transaction((tx) => appendEvents(tx, tenantId, batch), { timeout: 600_000 });
    progress(batch.length);
  }
}
