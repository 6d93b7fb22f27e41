// Resource commands derived from the route contracts: each resource names its routes (list,
// get, create, update, delete) and the columns of its table; the command names, arguments and
// help text come from the routes themselves (their paths, parameters and summaries).
import type { Command } from 'commander';
import {
  agentRoutes,
  apiTokenRoutes,
  auditSinkRoutes,
  memberRoutes,
  policyRoutes,
  serverRoutes,
  type Route,
} from '@portcullis/sdk';
import { bodyFrom, type Context } from './context.js';
import { keyValues, print, table } from './output.js';

type Verb = 'list' | 'get' | 'create' | 'update' | 'remove';

export interface ResourceSpec {
  /** The command: `portcullis servers list`. */
  name: string;
  /** One of them, for messages. */
  one: string;
  routes: Partial<Record<Verb, Route>>;
  columns: string[];
  /** Child resources of an agent (secrets, API keys): `--agent` names it (route parameter `id`). */
  parent?: 'agent';
  /** How a reference given on the command line becomes an id (a server's slug, an agent's name). */
  resolve?: (ctx: Context, ref: string) => Promise<string>;
  /** Other routes on one item that take nothing but the item: `portcullis servers sync <ref>`. */
  actions?: Record<string, Route>;
}

const agentChild = { parent: 'agent' as const };

export const RESOURCES: ResourceSpec[] = [
  {
    name: 'servers',
    one: 'server',
    columns: [
      'slug',
      'name',
      'status',
      'upstreamUrl',
      'toolCounts.total',
      'toolCounts.quarantined',
      'lastSyncStatus',
      'id',
    ],
    routes: {
      list: serverRoutes.list,
      get: serverRoutes.get,
      create: serverRoutes.create,
      update: serverRoutes.update,
      remove: serverRoutes.remove,
    },
    resolve: (ctx, ref) => ctx.serverId(ref),
    actions: { sync: serverRoutes.sync },
  },
  {
    name: 'agents',
    one: 'agent',
    columns: ['name', 'clientId', 'status', 'tokenLifetimeSec', 'grants', 'id'],
    routes: {
      list: agentRoutes.list,
      get: agentRoutes.get,
      create: agentRoutes.create,
      update: agentRoutes.update,
      remove: agentRoutes.remove,
    },
    resolve: (ctx, ref) => ctx.agentId(ref),
  },
  {
    name: 'secrets',
    one: 'client secret',
    ...agentChild,
    columns: ['id', 'prefix', 'status', 'createdAt', 'expiresAt', 'lastUsedAt'],
    routes: {
      list: agentRoutes.secrets,
      create: agentRoutes.createSecret,
      update: agentRoutes.updateSecret,
      remove: agentRoutes.revokeSecret,
    },
  },
  {
    name: 'api-keys',
    one: 'API key',
    ...agentChild,
    columns: ['id', 'name', 'prefix', 'status', 'expiresAt', 'lastUsedAt'],
    routes: { list: agentRoutes.apiKeys, create: agentRoutes.createApiKey, remove: agentRoutes.revokeApiKey },
  },
  {
    name: 'policies',
    one: 'policy',
    columns: ['name', 'kind', 'mode', 'enabled', 'priority', 'description', 'id'],
    routes: {
      list: policyRoutes.list,
      get: policyRoutes.get,
      create: policyRoutes.create,
      update: policyRoutes.update,
      remove: policyRoutes.remove,
    },
  },
  {
    name: 'sinks',
    one: 'audit sink',
    columns: ['name', 'kind', 'url', 'enabled', 'actions', 'id'],
    routes: {
      list: auditSinkRoutes.list,
      create: auditSinkRoutes.create,
      update: auditSinkRoutes.update,
      remove: auditSinkRoutes.remove,
    },
  },
  {
    name: 'members',
    one: 'member',
    columns: ['email', 'name', 'role', 'id'],
    routes: { list: memberRoutes.list, update: memberRoutes.changeRole, remove: memberRoutes.remove },
  },
  {
    name: 'invitations',
    one: 'invitation',
    columns: ['email', 'role', 'status', 'expiresAt', 'id'],
    routes: {
      list: memberRoutes.invitations,
      create: memberRoutes.invite,
      remove: memberRoutes.revokeInvitation,
    },
  },
  {
    name: 'api-tokens',
    one: 'API token',
    columns: ['name', 'prefix', 'role', 'expiresAt', 'lastUsedAt', 'id'],
    routes: { list: apiTokenRoutes.list, create: apiTokenRoutes.create, remove: apiTokenRoutes.revoke },
  },
];

/** The path parameter that names the item itself (`id`, or `secretId` under an agent). */
function itemParam(route: Route, spec: ResourceSpec): string {
  const names = Object.keys(route.params ?? {});
  return spec.parent ? names.find((n) => n !== 'id')! : 'id';
}

const itemsOf = (answer: unknown): unknown[] =>
  Array.isArray(answer) ? answer : ((answer as { items?: unknown[] })?.items ?? []);

/** Adds `portcullis <resource> <verb>` for each route the resource has. */
export function registerResource(program: Command, spec: ResourceSpec, context: () => Context): void {
  const verbs = [
    ...Object.keys(spec.routes).map((v) => (v === 'remove' ? 'delete' : v === 'get' ? 'show' : v)),
    ...Object.keys(spec.actions ?? {}),
  ];
  const cmd = program.command(spec.name).description(`${spec.name}: ${verbs.join(', ')}`);
  const withParent = (c: Command) =>
    spec.parent ? c.requiredOption('--agent <agent>', 'the agent (id, client id or name)') : c;
  const params = async (ctx: Context, opts: { agent?: string }, route: Route, ref?: string) => {
    const out: Record<string, string> = {};
    if (spec.parent) out.id = await ctx.agentId(opts.agent!);
    if (ref !== undefined) out[itemParam(route, spec)] = spec.resolve ? await spec.resolve(ctx, ref) : ref;
    return out;
  };
  const call = (ctx: Context, route: Route, args: { params?: Record<string, string>; body?: unknown }) =>
    ctx.api.call(route, args as never) as Promise<unknown>;
  const show = (ctx: Context, value: unknown) =>
    print(ctx.out, value, () => keyValues(value as Record<string, unknown>));
  const { list, get, create, update, remove } = spec.routes;

  if (list) {
    withParent(cmd.command('list').description(list.summary)).action(async (opts: { agent?: string }) => {
      const ctx = context();
      const answer = await call(ctx, list, {
        params: spec.parent ? await params(ctx, opts, list) : undefined,
      });
      print(ctx.out, answer, () => table(itemsOf(answer), spec.columns));
    });
  }
  if (get) {
    withParent(
      cmd
        .command('show')
        .argument('<ref>', `the ${spec.one} (id${spec.resolve ? ' or name' : ''})`)
        .description(get.summary),
    ).action(async (ref: string, opts: { agent?: string }) => {
      const ctx = context();
      show(ctx, await call(ctx, get, { params: await params(ctx, opts, get, ref) }));
    });
  }
  const bodyOptions = (c: Command) =>
    c
      .option('-f, --file <file>', 'the request body as a JSON or YAML file ("-": standard input)')
      .option('-d, --data <json>', 'the request body as JSON')
      .option(
        '-s, --set <key=value>',
        'a field of the body (repeatable; JSON values: --set tokenLifetimeSec=600)',
        (v: string, all: string[] = []) => [...all, v],
      );
  if (create) {
    withParent(bodyOptions(cmd.command('create').description(create.summary))).action(
      async (opts: { agent?: string; file?: string; data?: string; set?: string[] }) => {
        const ctx = context();
        show(
          ctx,
          await call(ctx, create, {
            params: spec.parent ? await params(ctx, opts, create) : undefined,
            body: bodyFrom(opts),
          }),
        );
      },
    );
  }
  if (update) {
    withParent(
      bodyOptions(cmd.command('update').argument('<ref>', `the ${spec.one}`).description(update.summary)),
    ).action(async (ref: string, opts: { agent?: string; file?: string; data?: string; set?: string[] }) => {
      const ctx = context();
      show(
        ctx,
        await call(ctx, update, { params: await params(ctx, opts, update, ref), body: bodyFrom(opts) }),
      );
    });
  }
  if (remove) {
    withParent(
      cmd.command('delete').alias('rm').argument('<ref>', `the ${spec.one}`).description(remove.summary),
    ).action(async (ref: string, opts: { agent?: string }) => {
      const ctx = context();
      const p = await params(ctx, opts, remove, ref);
      const answer = await call(ctx, remove, { params: p });
      print(
        ctx.out,
        answer ?? { deleted: true, id: p[itemParam(remove, spec)] },
        () => `deleted ${spec.one} ${ref}\n`,
      );
    });
  }
  for (const [name, route] of Object.entries(spec.actions ?? {})) {
    withParent(cmd.command(name).argument('<ref>', `the ${spec.one}`).description(route.summary)).action(
      async (ref: string, opts: { agent?: string }) => {
        const ctx = context();
        show(ctx, await call(ctx, route, { params: await params(ctx, opts, route, ref) }));
      },
    );
  }
}
