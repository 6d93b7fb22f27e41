// A server's tools (review, approve, reject, enable, disable) and an agent's grants.
import type { Command } from 'commander';
import { agentRoutes, serverRoutes } from '@portcullis/sdk';
import type { Context } from '../context.js';
import { CliError, usage } from '../errors.js';
import { keyValues, print, table } from '../output.js';

const TOOL_COLUMNS = ['name', 'review', 'enabled', 'callable', 'changed', 'removed', 'fingerprint'];

async function toolOf(ctx: Context, serverId: string, name: string) {
  const { items } = await ctx.call(serverRoutes.tools, { params: { id: serverId } });
  const tool = items.find((t) => t.name === name || t.id === name);
  if (!tool) throw new CliError(`no tool "${name}" on this server`);
  return tool;
}

export function registerTools(program: Command, context: () => Context): void {
  const tools = program
    .command('tools')
    .description("a server's tools: list, show, review, approve, reject, enable, disable");
  const server = (c: Command) => c.requiredOption('--server <server>', 'the server (slug or id)');

  server(tools.command('list').description(serverRoutes.tools.summary)).action(
    async (opts: { server: string }) => {
      const ctx = context();
      const answer = await ctx.call(serverRoutes.tools, { params: { id: await ctx.serverId(opts.server) } });
      print(ctx.out, answer, () => table(answer.items, TOOL_COLUMNS));
    },
  );
  server(
    tools
      .command('show')
      .argument('<tool>', 'the tool (name or id)')
      .description('A tool, its definition and what was approved'),
  ).action(async (name: string, opts: { server: string }) => {
    const ctx = context();
    const tool = await toolOf(ctx, await ctx.serverId(opts.server), name);
    print(ctx.out, tool, () => keyValues(tool));
  });
  server(
    tools
      .command('review')
      .description(
        'The tools waiting for a review (quarantined, or changed since approved), with their definitions',
      ),
  ).action(async (opts: { server: string }) => {
    const ctx = context();
    const { items } = await ctx.call(serverRoutes.tools, { params: { id: await ctx.serverId(opts.server) } });
    const pending = items.filter((t) => !t.removed && (t.review === 'quarantined' || t.changed));
    print(ctx.out, { items: pending }, () =>
      pending.length === 0
        ? 'Nothing to review.\n'
        : pending.map((t) => `${t.name}  ${t.fingerprint}\n  ${JSON.stringify(t.definition)}\n`).join('') +
          `\nApprove one with: portcullis tools approve --server ${opts.server} NAME\n`,
    );
  });
  server(
    tools
      .command('approve')
      .argument('<tool>', 'the tool (name or id)')
      .description(serverRoutes.approveTool.summary),
  )
    .option('--fingerprint <sha256>', 'the definition you reviewed (refused if the tool changed since)')
    .action(async (name: string, opts: { server: string; fingerprint?: string }) => {
      const ctx = context();
      const serverId = await ctx.serverId(opts.server);
      const tool = await toolOf(ctx, serverId, name);
      const answer = await ctx.call(serverRoutes.approveTool, {
        params: { id: serverId, toolId: tool.id },
        body: { fingerprint: opts.fingerprint ?? tool.fingerprint },
      });
      print(ctx.out, answer, () => `approved ${answer.name} (${answer.fingerprint})\n`);
    });
  server(
    tools
      .command('reject')
      .argument('<tool>', 'the tool (name or id)')
      .description(serverRoutes.rejectTool.summary),
  ).action(async (name: string, opts: { server: string }) => {
    const ctx = context();
    const serverId = await ctx.serverId(opts.server);
    const tool = await toolOf(ctx, serverId, name);
    const answer = await ctx.call(serverRoutes.rejectTool, { params: { id: serverId, toolId: tool.id } });
    print(ctx.out, answer, () => `rejected ${name}\n`);
  });
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    server(
      tools
        .command(verb)
        .argument('<tool>', 'the tool (name or id)')
        .description(`${verb === 'enable' ? 'Enable' : 'Disable'} a tool`),
    ).action(async (name: string, opts: { server: string }) => {
      const ctx = context();
      const serverId = await ctx.serverId(opts.server);
      const tool = await toolOf(ctx, serverId, name);
      const answer = await ctx.call(serverRoutes.updateTool, {
        params: { id: serverId, toolId: tool.id },
        body: { enabled },
      });
      print(ctx.out, answer, () => `${verb}d ${name}\n`);
    });
  }

  const grants = program.command('grants').description("an agent's grants: list, set, delete");
  const agent = (c: Command) => c.requiredOption('--agent <agent>', 'the agent (id, client id or name)');
  agent(grants.command('list').description("The agent's grants, one per server")).action(
    async (opts: { agent: string }) => {
      const ctx = context();
      const a = await ctx.call(agentRoutes.get, { params: { id: await ctx.agentId(opts.agent) } });
      print(ctx.out, { items: a.grants }, () =>
        table(a.grants, ['serverSlug', 'tools', 'resources', 'prompts']),
      );
    },
  );
  agent(server(grants.command('set').description(agentRoutes.putGrant.summary)))
    .requiredOption('--tools <tools>', '"*" for every tool, or names separated by commas')
    .option('--resources <resources>', '"true", "false" or URI patterns separated by commas', 'false')
    .option('--prompts <prompts>', '"true", "false" or prompt names separated by commas', 'false')
    .action(
      async (opts: { agent: string; server: string; tools: string; resources: string; prompts: string }) => {
        const ctx = context();
        const list = (v: string) =>
          v === 'true'
            ? true
            : v === 'false'
              ? false
              : v
                  .split(',')
                  .map((s) => s.trim())
                  .filter(Boolean);
        if (opts.tools.trim() === '') throw usage('--tools needs "*" or tool names');
        const body = {
          tools: opts.tools === '*' ? ('*' as const) : opts.tools.split(',').map((s) => s.trim()),
          resources: list(opts.resources),
          prompts: list(opts.prompts),
        };
        const answer = await ctx.call(agentRoutes.putGrant, {
          params: { id: await ctx.agentId(opts.agent), serverId: await ctx.serverId(opts.server) },
          body,
        });
        print(ctx.out, answer, () => table(answer.grants, ['serverSlug', 'tools', 'resources', 'prompts']));
      },
    );
  agent(server(grants.command('delete').alias('rm').description(agentRoutes.deleteGrant.summary))).action(
    async (opts: { agent: string; server: string }) => {
      const ctx = context();
      const answer = await ctx.call(agentRoutes.deleteGrant, {
        params: { id: await ctx.agentId(opts.agent), serverId: await ctx.serverId(opts.server) },
      });
      print(ctx.out, answer, () => `removed the grant of ${opts.agent} on ${opts.server}\n`);
    },
  );
}
