// The policy lab from the command line: simulate one call, back-test a draft on recorded calls.
import type { Command } from 'commander';
import { jobRoutes, policyRoutes } from '@portcullis/sdk';
import { bodyFrom, readDocument, type Context } from '../context.js';
import { CliError, usage } from '../errors.js';
import { keyValues, print, table } from '../output.js';

export function registerPolicy(program: Command, context: () => Context): void {
  const policy = program.command('policy').description('the policy lab: simulate, backtest');

  policy
    .command('simulate')
    .description(policyRoutes.simulate.summary)
    .requiredOption('--agent <agent>', 'the calling agent (id, client id or name)')
    .requiredOption('--server <server>', 'the server called (slug or id)')
    .option('--tool <tool>', 'the tool called')
    .option('--ip <ip>', "the caller's address")
    .option('--country <cc>', "the caller's country (two letters)")
    .option('--payload <json>', 'tool arguments (request) or result (response), as JSON')
    .option('--direction <direction>', 'request or response', 'request')
    .option('--draft <file>', 'also a draft policy (YAML or JSON) as if it were saved')
    .option('--draft-only', 'only the draft, not the saved policies', false)
    .action(
      async (opts: {
        agent: string;
        server: string;
        tool?: string;
        ip?: string;
        country?: string;
        payload?: string;
        direction: string;
        draft?: string;
        draftOnly: boolean;
      }) => {
        const ctx = context();
        if (opts.direction !== 'request' && opts.direction !== 'response')
          throw usage('--direction is request or response');
        let payload: unknown;
        if (opts.payload !== undefined) {
          try {
            payload = JSON.parse(opts.payload);
          } catch {
            throw usage('--payload must be JSON');
          }
        }
        const call = {
          agentId: await ctx.agentId(opts.agent),
          serverId: await ctx.serverId(opts.server),
          direction: opts.direction,
          ...(opts.tool ? { tool: opts.tool } : {}),
          ...(opts.ip ? { ip: opts.ip } : {}),
          ...(opts.country ? { country: opts.country } : {}),
          ...(payload !== undefined ? { payload } : {}),
        };
        const body = {
          call,
          ...(opts.draft ? { draft: readDocument(opts.draft), draftOnly: opts.draftOnly } : {}),
        };
        const decision = await ctx.call(policyRoutes.simulate, { body: body as never });
        print(
          ctx.out,
          decision,
          () =>
            `${decision.outcome.toUpperCase()}${decision.deniedBy.length ? ` (denied by ${decision.deniedBy.join(', ')})` : ''}\n` +
            (decision.explanation.length
              ? table(decision.explanation, ['name', 'kind', 'mode', 'outcome', 'reason'])
              : 'No policy applies to this call.\n'),
        );
      },
    );

  policy
    .command('backtest')
    .description(`${policyRoutes.backtest.summary} (a long one runs as a job; this waits for it)`)
    .option('-f, --file <file>', 'the draft policy (YAML or JSON)')
    .option('-d, --data <json>', 'the whole request as JSON ({ draft, from, to })')
    .option('--from <time>', 'start of the period (ISO time; default: 24 hours ago)')
    .option('--to <time>', 'end of the period (ISO time; default: now)')
    .action(async (opts: { file?: string; data?: string; from?: string; to?: string }) => {
      const ctx = context();
      if (!opts.file && !opts.data) throw usage('pass the draft with --file, or the request with --data');
      const now = Date.now();
      const base = opts.data ? bodyFrom({ data: opts.data }) : { draft: readDocument(opts.file!) };
      const body = {
        from: opts.from ?? new Date(now - 86_400_000).toISOString(),
        to: opts.to ?? new Date(now).toISOString(),
        ...base,
      };
      let answer = (await ctx.call(policyRoutes.backtest, { body: body as never })) as Record<
        string,
        unknown
      >;
      // 202: a job; follow it until it has the result.
      while (typeof answer.state === 'string') {
        if (answer.state === 'failed' || answer.state === 'cancelled')
          throw new CliError(`the back-test ${answer.state}: ${String(answer.error ?? 'no reason given')}`);
        if (answer.state === 'completed') {
          answer = answer.result as Record<string, unknown>;
          break;
        }
        await new Promise((r) => setTimeout(r, 1000));
        answer = (await ctx.call(jobRoutes.get, { params: { id: String(answer.id) } })) as Record<
          string,
          unknown
        >;
      }
      print(ctx.out, answer, () => {
        const {
          samples: _samples,
          byReason,
          ...rest
        } = answer as { samples: unknown[]; byReason: { reason: string; count: number }[] };
        return keyValues(rest) + (byReason.length ? `\n${table(byReason, ['reason', 'count'])}` : '');
      });
    });
}
