// A tenant's governance as it is now, read in one go and seen the way the document says it:
// things named by slug or name (ids kept beside them for the changes), in a stable order, with
// no secret. The export is this state written out; a plan compares a document with it.
import type { AuditSink, McpServer, McpTool, Policy as PolicyRow } from '@portcullis/db';
import type { GovernanceDocument } from '@portcullis/sdk';
import { GOVERNANCE_VERSION } from '@portcullis/sdk';
import { AppError } from '../common/errors';
import type { TenantContext } from '../common/principal';
import { grantRulesOf } from '../agents/grants';
import { rowToPolicy } from '../policies/policy-runtime';
import { validateDraft } from '../policies/policies.service';

type DocServer = GovernanceDocument['servers'][number];
type DocAgent = GovernanceDocument['agents'][number];
type DocPolicy = GovernanceDocument['policies'][number];
type DocSink = GovernanceDocument['sinks'][number];

export interface LiveServer {
  id: string;
  doc: DocServer;
  tools: McpTool[];
}
export interface LiveAgent {
  id: string;
  doc: DocAgent;
  grants: Map<string, { serverId: string }>;
}
export interface LiveState {
  servers: Map<string, LiveServer>;
  agents: Map<string, LiveAgent>;
  policies: Map<string, { id: string; doc: DocPolicy }>;
  sinks: Map<string, { id: string; doc: DocSink }>;
}

const byKey = <T>(items: T[], key: (t: T) => string) =>
  [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

/** Approved, still advertised tools: what the document pins. */
export function approvedTools(tools: McpTool[]): DocServer['approvedTools'] {
  const approved = tools.filter((t) => t.review === 'approved' && t.approvedFingerprint && !t.removedAt);
  return byKey(approved, (t) => t.name).map((t) => ({ name: t.name, fingerprint: t.approvedFingerprint! }));
}

function serverDoc(s: McpServer, tools: McpTool[]): DocServer {
  return {
    slug: s.slug,
    name: s.name,
    upstreamUrl: s.upstreamUrl,
    upstreamAuth:
      s.upstreamAuth === 'header'
        ? { type: 'header', headerName: s.upstreamHeaderName ?? '' }
        : { type: s.upstreamAuth },
    tags: s.tags,
    status: s.status,
    autoApproveTools: s.autoApproveTools,
    serverMessages: s.serverMessages as DocServer['serverMessages'],
    maxResponseBytes: s.maxResponseBytes,
    approvedTools: approvedTools(tools),
  };
}

function sinkDoc(s: AuditSink): DocSink {
  return {
    name: s.name,
    kind: s.kind as DocSink['kind'],
    url: s.url,
    actions: [...s.actions].sort() as DocSink['actions'],
    enabled: s.enabled,
  };
}

/** Names must say which one they mean: two live rows with one name cannot be governed by name. */
function uniqueBy<T>(rows: T[], nameOf: (r: T) => string, what: string): Map<string, T> {
  const out = new Map<string, T>();
  for (const r of rows) {
    const name = nameOf(r);
    if (out.has(name))
      throw new AppError(
        'conflict',
        `Two ${what} are named "${name}": rename one so a governance document can tell them apart.`,
      );
    out.set(name, r);
  }
  return out;
}

export async function loadLiveState(t: TenantContext): Promise<LiveState> {
  const [servers, tools, agents, policies, sinks] = await Promise.all([
    t.db.mcpServer.findMany(),
    t.db.mcpTool.findMany(),
    t.db.agent.findMany({ include: { grants: true } }),
    t.db.policy.findMany(),
    t.db.auditSink.findMany(),
  ]);
  const slugOf = new Map(servers.map((s) => [s.id, s.slug]));
  const live: LiveState = { servers: new Map(), agents: new Map(), policies: new Map(), sinks: new Map() };
  for (const s of servers) {
    const own = tools.filter((x) => x.serverId === s.id);
    live.servers.set(s.slug, { id: s.id, doc: serverDoc(s, own), tools: own });
  }
  const agentRows = uniqueBy(agents, (a) => a.name, 'agents');
  const agentNameOf = new Map(agents.map((a) => [a.id, a.name]));
  for (const [name, a] of agentRows) {
    const grants = byKey(a.grants, (g) => slugOf.get(g.serverId)!).map((g) => ({
      server: slugOf.get(g.serverId)!,
      ...grantRulesOf(g),
    }));
    live.agents.set(name, {
      id: a.id,
      doc: {
        name,
        description: a.description,
        status: a.status,
        tokenLifetimeSec: a.tokenLifetimeSec,
        authMethods: a.authMethods as DocAgent['authMethods'],
        grants,
      },
      grants: new Map(a.grants.map((g) => [slugOf.get(g.serverId)!, { serverId: g.serverId }])),
    });
  }
  for (const [name, p] of uniqueBy(policies, (p) => p.name, 'policies')) {
    live.policies.set(name, { id: p.id, doc: policyDoc(p, slugOf, agentNameOf) });
  }
  for (const [name, s] of uniqueBy(sinks, (s) => s.name, 'sinks'))
    live.sinks.set(name, { id: s.id, doc: sinkDoc(s) });
  return live;
}

/** A stored policy in the document's terms: its target by slug and name, its defaults applied. */
function policyDoc(row: PolicyRow, slugOf: Map<string, string>, agentNameOf: Map<string, string>): DocPolicy {
  const { policy } = validateDraft(rowToPolicy(row) as unknown as Record<string, unknown>, row.id);
  const p = policy ?? rowToPolicy(row);
  const target: DocPolicy['target'] = {};
  const dangling = (what: string) =>
    new AppError(
      'conflict',
      `The policy "${row.name}" targets a ${what} that no longer exists: change or delete it before exporting.`,
    );
  if (p.target.serverId)
    target.server =
      slugOf.get(p.target.serverId) ??
      (() => {
        throw dangling('server');
      })();
  if (p.target.agentId)
    target.agent =
      agentNameOf.get(p.target.agentId) ??
      (() => {
        throw dangling('agent');
      })();
  if (p.target.tool) target.tool = p.target.tool;
  const { id: _id, target: _target, ...rest } = p;
  return { ...rest, target } as DocPolicy;
}

/** The live state as a document: stable order, names for references, no secrets. */
export function toDocument(live: LiveState): GovernanceDocument {
  return {
    version: GOVERNANCE_VERSION,
    servers: byKey(
      [...live.servers.values()].map((s) => s.doc),
      (s) => s.slug,
    ),
    agents: byKey(
      [...live.agents.values()].map((a) => a.doc),
      (a) => a.name,
    ),
    policies: byKey(
      [...live.policies.values()].map((p) => p.doc),
      (p) => p.name,
    ),
    sinks: byKey(
      [...live.sinks.values()].map((s) => s.doc),
      (s) => s.name,
    ),
  };
}
