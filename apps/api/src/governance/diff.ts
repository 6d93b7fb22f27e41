// What a (checked) document would change in the live state: one step per resource, each with the
// fields it changes for a reader and what apply needs to make it. Pure: no I/O.
import { canonicalJson } from '@portcullis/audit-core';
import type {
  GovernanceChange,
  GovernanceDocument,
  GovernancePlan,
  UpstreamAuthInput,
} from '@portcullis/sdk';
import { AppError } from '../common/errors';
import type { Credentials } from './checks';
import type { LiveServer, LiveState } from './live-state';

type Doc = GovernanceDocument;
type DocServer = Doc['servers'][number];
type DocAgent = Doc['agents'][number];
type DocGrant = DocAgent['grants'][number];
type DocPolicy = Doc['policies'][number];
type DocSink = Doc['sinks'][number];

export type Op =
  | { kind: 'server.create'; doc: DocServer; upstreamAuth: UpstreamAuthInput }
  | { kind: 'server.update'; id: string; slug: string; patch: Record<string, unknown> }
  | { kind: 'server.delete'; id: string }
  | { kind: 'tool.approve'; serverId: string; toolId: string; fingerprint: string }
  | { kind: 'tool.reject'; serverId: string; toolId: string }
  | { kind: 'agent.create'; doc: DocAgent }
  | { kind: 'agent.update'; id: string; patch: Record<string, unknown> }
  | { kind: 'agent.delete'; id: string }
  | { kind: 'grant.put'; agent: string; server: string; grant: DocGrant }
  | { kind: 'grant.delete'; agentId: string; serverId: string }
  | { kind: 'policy.create'; doc: DocPolicy }
  | { kind: 'policy.update'; id: string; doc: DocPolicy }
  | { kind: 'policy.delete'; id: string }
  | { kind: 'sink.create'; doc: DocSink }
  | { kind: 'sink.update'; id: string; patch: Record<string, unknown> }
  | { kind: 'sink.delete'; id: string };

export interface Step {
  change: GovernanceChange;
  op: Op;
}
export interface Diff {
  steps: Step[];
  notApplicable: GovernancePlan['notApplicable'];
  kept: GovernancePlan['kept'];
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const sorted = (l: string[]) => [...l].sort();

/** The fields of `to` that differ from `from` (the keys listed), as a reader sees them. */
function fieldDiff<T extends object>(
  from: T | undefined,
  to: T,
  keys: (keyof T & string)[],
  normalize: Partial<Record<keyof T, (v: never) => unknown>> = {},
) {
  const out: GovernanceChange['fields'] = [];
  for (const k of keys) {
    const n = (normalize[k] ?? ((v: unknown) => v)) as (v: unknown) => unknown;
    const a = from ? n(from[k]) : undefined;
    const b = n(to[k]);
    if (!from || !same(a, b)) out.push({ field: k, ...(from ? { from: from[k] } : {}), to: to[k] });
  }
  return out;
}

const SERVER_FIELDS = [
  'name',
  'upstreamUrl',
  'upstreamAuth',
  'tags',
  'status',
  'autoApproveTools',
  'serverMessages',
  'maxResponseBytes',
] as const;
const AGENT_FIELDS = ['description', 'status', 'tokenLifetimeSec', 'authMethods'] as const;
const GRANT_FIELDS = ['tools', 'resources', 'prompts'] as const;
const POLICY_FIELDS = ['kind', 'target', 'mode', 'priority', 'enabled', 'failMode', 'config'] as const;
const SINK_FIELDS = ['kind', 'url', 'actions', 'enabled'] as const;

export function diff(doc: Doc, live: LiveState, credentials: Credentials, prune: boolean): Diff {
  const steps: Step[] = [];
  const deletes: Step[] = [];
  const notApplicable: Diff['notApplicable'] = [];
  const kept: Diff['kept'] = [];
  const remove = (step: Step) =>
    prune ? deletes.push(step) : kept.push({ resource: step.change.resource, name: step.change.name });
  const needsCredential = (s: DocServer, i: number) =>
    new AppError(
      'validation_failed',
      `The server "${s.slug}" needs its upstream credential: pass credentials.${s.slug}.`,
      {
        errors: [
          {
            path: `credentials.${s.slug}`,
            message: `Required: the server authenticates upstream with ${s.upstreamAuth.type}.`,
          },
          { path: `document.servers.${i}.upstreamAuth`, message: 'Needs a credential.' },
        ],
      },
    );

  doc.servers.forEach((s, i) => {
    const cur = live.servers.get(s.slug);
    const credential = credentials[s.slug];
    if (!cur) {
      if (s.upstreamAuth.type !== 'none' && !credential) throw needsCredential(s, i);
      steps.push({
        change: {
          action: 'create',
          resource: 'server',
          name: s.slug,
          fields: fieldDiff(undefined, s, [...SERVER_FIELDS]),
        },
        op: { kind: 'server.create', doc: s, upstreamAuth: upstreamAuthInput(s, credential) },
      });
      for (const t of s.approvedTools)
        notApplicable.push({
          resource: 'tool',
          name: `${s.slug}/${t.name}`,
          reason: 'The server is new: its tools are discovered after this apply. Apply again once they are.',
        });
      return;
    }
    const fields = fieldDiff(cur.doc, s, [...SERVER_FIELDS], { tags: sorted, serverMessages: sorted });
    const authChanged = fields.some((f) => f.field === 'upstreamAuth');
    if (authChanged && s.upstreamAuth.type !== 'none' && !credential) throw needsCredential(s, i);
    // A credential passed along is always set (never compared with the stored one: no oracle).
    if (credential && !authChanged)
      fields.push({ field: 'upstreamAuth.credential', from: '(hidden)', to: '(replaced)' });
    if (fields.length > 0) {
      const patch: Record<string, unknown> = {};
      for (const f of fields)
        if (f.field !== 'upstreamAuth' && f.field !== 'upstreamAuth.credential') patch[f.field] = f.to;
      if (authChanged || credential) patch.upstreamAuth = upstreamAuthInput(s, credential);
      steps.push({
        change: { action: 'update', resource: 'server', name: s.slug, fields },
        op: { kind: 'server.update', id: cur.id, slug: s.slug, patch },
      });
    }
    toolSteps(s, cur, steps, remove, notApplicable);
  });

  doc.agents.forEach((a) => {
    const cur = live.agents.get(a.name);
    if (!cur)
      steps.push({
        change: {
          action: 'create',
          resource: 'agent',
          name: a.name,
          fields: fieldDiff(undefined, a, [...AGENT_FIELDS]),
        },
        op: { kind: 'agent.create', doc: a },
      });
    else {
      const fields = fieldDiff(cur.doc, a, [...AGENT_FIELDS], { authMethods: sorted });
      const patch = Object.fromEntries(fields.map((f) => [f.field, f.to]));
      if (fields.length > 0)
        steps.push({
          change: { action: 'update', resource: 'agent', name: a.name, fields },
          op: { kind: 'agent.update', id: cur.id, patch },
        });
    }
    const curGrants = new Map((cur?.doc.grants ?? []).map((g) => [g.server, g]));
    for (const g of a.grants) {
      const from = curGrants.get(g.server);
      const fields = fieldDiff(from, g, [...GRANT_FIELDS]);
      if (fields.length > 0) {
        steps.push({
          change: {
            action: from ? 'update' : 'create',
            resource: 'grant',
            name: `${a.name} -> ${g.server}`,
            fields,
          },
          op: { kind: 'grant.put', agent: a.name, server: g.server, grant: g },
        });
      }
    }
    const wanted = new Set(a.grants.map((g) => g.server));
    for (const [server, g] of cur?.grants ?? []) {
      if (!wanted.has(server))
        remove({
          change: { action: 'delete', resource: 'grant', name: `${a.name} -> ${server}`, fields: [] },
          op: { kind: 'grant.delete', agentId: cur!.id, serverId: g.serverId },
        });
    }
  });

  for (const p of doc.policies) {
    const cur = live.policies.get(p.name);
    if (cur && cur.doc.kind !== p.kind) {
      throw new AppError(
        'validation_failed',
        `The kind of the policy "${p.name}" cannot change: give the new policy another name.`,
        {
          errors: [
            {
              path: `document.policies.${doc.policies.indexOf(p)}.kind`,
              message: `Is ${cur.doc.kind} in the tenant.`,
            },
          ],
        },
      );
    }
    const fields = fieldDiff(cur?.doc, p, [...POLICY_FIELDS]);
    if (!cur)
      steps.push({
        change: { action: 'create', resource: 'policy', name: p.name, fields },
        op: { kind: 'policy.create', doc: p },
      });
    else if (fields.length > 0)
      steps.push({
        change: { action: 'update', resource: 'policy', name: p.name, fields },
        op: { kind: 'policy.update', id: cur.id, doc: p },
      });
  }

  doc.sinks.forEach((s, i) => {
    const cur = live.sinks.get(s.name);
    if (cur && cur.doc.kind !== s.kind) {
      throw new AppError(
        'validation_failed',
        `The kind of the sink "${s.name}" cannot change: give the new sink another name.`,
        {
          errors: [{ path: `document.sinks.${i}.kind`, message: `Is ${cur.doc.kind} in the tenant.` }],
        },
      );
    }
    const fields = fieldDiff(cur?.doc, s, [...SINK_FIELDS], { actions: sorted });
    if (!cur)
      steps.push({
        change: { action: 'create', resource: 'sink', name: s.name, fields },
        op: { kind: 'sink.create', doc: s },
      });
    else if (fields.length > 0) {
      const patch = Object.fromEntries(fields.map((f) => [f.field, f.to]));
      steps.push({
        change: { action: 'update', resource: 'sink', name: s.name, fields },
        op: { kind: 'sink.update', id: cur.id, patch },
      });
    }
  });

  // What the document no longer lists (deleted only with prune), dependents first.
  const named = <T>(list: T[], key: (t: T) => string) => new Set(list.map(key));
  const docPolicies = named(doc.policies, (p) => p.name);
  for (const [name, p] of live.policies)
    if (!docPolicies.has(name))
      remove({
        change: { action: 'delete', resource: 'policy', name, fields: [] },
        op: { kind: 'policy.delete', id: p.id },
      });
  const docSinks = named(doc.sinks, (s) => s.name);
  for (const [name, s] of live.sinks)
    if (!docSinks.has(name))
      remove({
        change: { action: 'delete', resource: 'sink', name, fields: [] },
        op: { kind: 'sink.delete', id: s.id },
      });
  const docAgents = named(doc.agents, (a) => a.name);
  for (const [name, a] of live.agents)
    if (!docAgents.has(name))
      remove({
        change: { action: 'delete', resource: 'agent', name, fields: [] },
        op: { kind: 'agent.delete', id: a.id },
      });
  const docServers = named(doc.servers, (s) => s.slug);
  for (const [slug, s] of live.servers)
    if (!docServers.has(slug))
      remove({
        change: { action: 'delete', resource: 'server', name: slug, fields: [] },
        op: { kind: 'server.delete', id: s.id },
      });

  return { steps: [...steps, ...deletes], notApplicable, kept };
}

function upstreamAuthInput(s: DocServer, c: Credentials[string] | undefined): UpstreamAuthInput {
  if (s.upstreamAuth.type === 'none') return { type: 'none' };
  if (s.upstreamAuth.type === 'bearer') return { type: 'bearer', token: (c as { token: string }).token };
  return { type: 'header', headerName: s.upstreamAuth.headerName, value: (c as { value: string }).value };
}

/** Approvals follow definitions: a tool is approved only when the upstream advertises the pinned one. */
function toolSteps(
  s: DocServer,
  cur: LiveServer,
  steps: Step[],
  remove: (s: Step) => void,
  notApplicable: Diff['notApplicable'],
) {
  const tools = new Map(cur.tools.filter((t) => !t.removedAt).map((t) => [t.name, t]));
  for (const want of s.approvedTools) {
    const name = `${s.slug}/${want.name}`;
    const tool = tools.get(want.name);
    if (tool && tool.review === 'approved' && tool.approvedFingerprint === want.fingerprint) continue;
    if (!tool)
      notApplicable.push({
        resource: 'tool',
        name,
        reason: 'The upstream does not advertise this tool (yet): nothing to approve.',
      });
    else if (tool.fingerprint !== want.fingerprint) {
      notApplicable.push({
        resource: 'tool',
        name,
        reason: `The upstream now advertises another definition (fingerprint ${tool.fingerprint.slice(0, 12)}…): review it before approving.`,
      });
    } else {
      steps.push({
        change: {
          action: 'update',
          resource: 'tool',
          name,
          fields: [
            { field: 'review', from: tool.review, to: 'approved' },
            { field: 'approvedFingerprint', from: tool.approvedFingerprint, to: want.fingerprint },
          ],
        },
        op: { kind: 'tool.approve', serverId: cur.id, toolId: tool.id, fingerprint: want.fingerprint },
      });
    }
  }
  const listed = new Set(s.approvedTools.map((t) => t.name));
  for (const tool of tools.values()) {
    if (tool.review === 'approved' && !listed.has(tool.name)) {
      remove({
        change: {
          action: 'delete',
          resource: 'tool',
          name: `${s.slug}/${tool.name}`,
          fields: [{ field: 'review', from: 'approved', to: 'rejected' }],
        },
        op: { kind: 'tool.reject', serverId: cur.id, toolId: tool.id },
      });
    }
  }
}

export function summaryOf(steps: Step[]): GovernancePlan['summary'] {
  const count = (a: string) => steps.filter((s) => s.change.action === a).length;
  return { create: count('create'), update: count('update'), delete: count('delete') };
}
