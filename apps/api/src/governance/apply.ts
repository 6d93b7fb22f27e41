// Makes a plan's steps with the services that make each change through the API (their checks,
// their audit events), all inside the one transaction the caller opened: each service's own
// "transaction" joins it (see joinTransaction), so a failure anywhere undoes everything.
import type { TenantContext } from '../common/principal';
import { AgentsService } from '../agents/agents.service';
import { SinksService } from '../audit/sinks.service';
import { AppError } from '../common/errors';
import { PoliciesService } from '../policies/policies.service';
import { ServersService } from '../servers/servers.service';
import type { Op, Step } from './diff';
import type { LiveState } from './live-state';

export interface Services {
  servers: ServersService;
  agents: AgentsService;
  policies: PoliciesService;
  sinks: SinksService;
}

/**
 * A context whose `db.$transaction(fn)` runs `fn` in the transaction already open (Prisma's
 * transaction client has no $transaction of its own): the services stay as they are and their
 * changes and audit events all commit, or roll back, together.
 */
export function joinTransaction(t: TenantContext, tx: TenantContext['db']): TenantContext {
  const joined: TenantContext['db'] = new Proxy(tx, {
    get: (target, key, receiver) =>
      key === '$transaction'
        ? (fn: (c: unknown) => unknown) => fn(joined)
        : Reflect.get(target, key, receiver),
  });
  return { ...t, db: joined };
}

export interface Applied {
  signingSecrets: { sink: string; signingSecret: string }[];
  /** Servers to sync once committed (created, or their upstream changed). */
  toSync: string[];
}

/** Runs the steps in order; a service's error names the step and its paths in the document. */
export async function applySteps(
  t: TenantContext,
  steps: Step[],
  live: LiveState,
  svc: Services,
): Promise<Applied> {
  const serverIds = new Map([...live.servers].map(([slug, s]) => [slug, s.id]));
  const agentIds = new Map([...live.agents].map(([name, a]) => [name, a.id]));
  const out: Applied = { signingSecrets: [], toSync: [] };
  for (const step of steps) {
    try {
      await run(t, step.op, { serverIds, agentIds, out }, svc);
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const where = `${step.change.resource} "${step.change.name}"`;
      throw new AppError(e.code, `${where}: ${e.message}`, {
        ...e.extra,
        errors: e.extra.errors?.map((f) => ({
          path: `${step.change.resource}:${step.change.name}${f.path ? `.${f.path}` : ''}`,
          message: f.message,
        })),
      });
    }
  }
  return out;
}

interface Ids {
  serverIds: Map<string, string>;
  agentIds: Map<string, string>;
  out: Applied;
}

async function run(t: TenantContext, op: Op, ids: Ids, svc: Services): Promise<void> {
  const idOf = (map: Map<string, string>, name: string) => {
    const id = map.get(name);
    if (!id) throw new AppError('validation_failed', `"${name}" is not in the tenant.`);
    return id;
  };
  switch (op.kind) {
    case 'server.create': {
      const { doc } = op;
      const created = await svc.servers.create(t, {
        slug: doc.slug,
        name: doc.name,
        upstreamUrl: doc.upstreamUrl,
        tags: doc.tags,
        autoApproveTools: doc.autoApproveTools,
        serverMessages: doc.serverMessages,
        maxResponseBytes: doc.maxResponseBytes,
        upstreamAuth: op.upstreamAuth,
      });
      ids.serverIds.set(doc.slug, created.id);
      if (doc.status !== 'active') await svc.servers.update(t, created.id, { status: doc.status });
      ids.out.toSync.push(created.id);
      return;
    }
    case 'server.update':
      await svc.servers.update(t, op.id, op.patch);
      if ('upstreamUrl' in op.patch || 'upstreamAuth' in op.patch) ids.out.toSync.push(op.id);
      return;
    case 'server.delete':
      return svc.servers.remove(t, op.id);
    case 'tool.approve':
      await svc.servers.approveTool(t, op.serverId, op.toolId, op.fingerprint);
      return;
    case 'tool.reject':
      await svc.servers.rejectTool(t, op.serverId, op.toolId);
      return;
    case 'agent.create': {
      const { doc } = op;
      const created = await svc.agents.create(t, {
        name: doc.name,
        description: doc.description ?? undefined,
        tokenLifetimeSec: doc.tokenLifetimeSec,
        authMethods: doc.authMethods,
      });
      ids.agentIds.set(doc.name, created.id);
      if (doc.status !== 'active') await svc.agents.update(t, created.id, { status: doc.status });
      return;
    }
    case 'agent.update':
      await svc.agents.update(t, op.id, op.patch);
      return;
    case 'agent.delete':
      return svc.agents.remove(t, op.id);
    case 'grant.put':
      await svc.agents.putGrant(t, idOf(ids.agentIds, op.agent), idOf(ids.serverIds, op.server), op.grant);
      return;
    case 'grant.delete':
      await svc.agents.deleteGrant(t, op.agentId, op.serverId);
      return;
    case 'policy.create':
    case 'policy.update': {
      const { target, ...rest } = op.doc;
      const draft: Record<string, unknown> = {
        ...rest,
        failMode: rest.failMode,
        target: {
          ...(target.server ? { serverId: idOf(ids.serverIds, target.server) } : {}),
          ...(target.agent ? { agentId: idOf(ids.agentIds, target.agent) } : {}),
          ...(target.tool ? { tool: target.tool } : {}),
        },
      };
      if (op.kind === 'policy.create') await svc.policies.create(t, draft);
      else await svc.policies.update(t, op.id, draft);
      return;
    }
    case 'policy.delete':
      return svc.policies.remove(t, op.id);
    case 'sink.create': {
      const { doc } = op;
      const created = await svc.sinks.create(t, {
        name: doc.name,
        kind: doc.kind,
        url: doc.url ?? undefined,
        actions: doc.actions,
      });
      if (created.signingSecret)
        ids.out.signingSecrets.push({ sink: doc.name, signingSecret: created.signingSecret });
      if (!doc.enabled) await svc.sinks.update(t, created.sink.id, { enabled: false });
      return;
    }
    case 'sink.update':
      await svc.sinks.update(t, op.id, op.patch);
      return;
    case 'sink.delete':
      return svc.sinks.remove(t, op.id);
  }
}
