// Governance as code: export a tenant to YAML, plan a document against it, apply it.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { governanceRoutes, type GovernanceDocumentInput, type GovernancePlan } from '@portcullis/sdk';
import { readDocument, type Context } from '../context.js';
import { CliError, EXIT, usage } from '../errors.js';

const HEADER =
  '# Portcullis governance document: `portcullis plan -f FILE`, then `portcullis apply -f FILE`.\n# JSON Schema: @portcullis/sdk/schema/governance.schema.json (and GET /api/v1/governance/schema).\n';
const SIGN = { create: '+', update: '~', delete: '-' } as const;

const show = (v: unknown) => (v === undefined ? '(none)' : JSON.stringify(v));

/** A plan the way Terraform shows one: a sign per change, its fields, then a summary line. */
export function renderPlan(plan: GovernancePlan, applied = false): string {
  const lines: string[] = [];
  for (const c of plan.changes) {
    lines.push(`  ${SIGN[c.action]} ${c.resource} ${c.name}`);
    for (const f of c.fields)
      lines.push(
        c.action === 'create'
          ? `      ${f.field}: ${show(f.to)}`
          : `      ${f.field}: ${show(f.from)} -> ${show(f.to)}`,
      );
  }
  for (const n of plan.notApplicable) lines.push(`  ! ${n.resource} ${n.name}: not applicable: ${n.reason}`);
  if (plan.changes.length === 0)
    lines.push(
      applied
        ? 'No changes: the tenant already matched the document.'
        : 'No changes. The tenant matches the document.',
    );
  else {
    const { create, update, delete: del } = plan.summary;
    lines.push(
      '',
      applied
        ? `Applied: ${create} created, ${update} updated, ${del} deleted.`
        : `Plan: ${create} to create, ${update} to update, ${del} to delete.`,
    );
  }
  if (plan.kept.length > 0)
    lines.push(
      `${plan.kept.length} not in the document and kept (pass --prune to delete them): ${plan.kept.map((k) => `${k.resource} ${k.name}`).join(', ')}`,
    );
  return lines.join('\n') + '\n';
}

/** `--credential slug=ENV_VAR`: the upstream credential of a server, read from the environment (never from the command line). */
function credentials(pairs: string[]): Record<string, { token: string } | { value: string }> {
  const out: Record<string, { token: string }> = {};
  for (const pair of pairs) {
    const [slug, variable] = pair.split('=');
    if (!slug || !variable) throw usage(`--credential takes slug=ENV_VAR, not "${pair}"`);
    const secret = process.env[variable];
    if (!secret) throw new CliError(`--credential ${slug}: the environment variable ${variable} is not set`);
    out[slug] = { token: secret };
  }
  return out;
}

/** The server accepts { token } for bearer and { value } for a header credential: decide from the document. */
function shapeCredentials(doc: unknown, creds: Record<string, { token: string } | { value: string }>) {
  const servers = (doc as { servers?: { slug?: string; upstreamAuth?: { type?: string } }[] })?.servers ?? [];
  return Object.fromEntries(
    Object.entries(creds).map(([slug, c]) => {
      const type = servers.find((s) => s.slug === slug)?.upstreamAuth?.type;
      const secret = 'token' in c ? c.token : c.value;
      return [slug, type === 'header' ? { value: secret } : { token: secret }];
    }),
  );
}

const collect = (v: string, all: string[] = []) => [...all, v];

export function registerGovernance(program: Command, context: () => Context): void {
  program
    .command('export')
    .description(
      "Write the tenant's governance (servers, approved tools, agents and grants, policies, sinks; never secrets) as YAML",
    )
    .option('-o, --output <file>', 'write to a file instead of standard output')
    .option('--format <format>', 'yaml or json', 'yaml')
    .action(async (opts: { output?: string; format: string }) => {
      const ctx = context();
      if (opts.format !== 'yaml' && opts.format !== 'json') throw usage('--format is yaml or json');
      const doc = await ctx.call(governanceRoutes.export, {});
      const text =
        opts.format === 'json' || ctx.out.json
          ? `${JSON.stringify(doc, null, 2)}\n`
          : HEADER + stringify(doc, { lineWidth: 0 });
      if (opts.output) writeFileSync(opts.output, text);
      else ctx.out.write(text);
    });

  const planOptions = (c: Command) =>
    c
      .requiredOption('-f, --file <file>', 'the governance document (YAML or JSON; "-": standard input)')
      .option('--prune', 'also delete what the document does not list', false)
      .option(
        '--credential <slug=ENV_VAR>',
        "a server's upstream credential, from an environment variable (repeatable)",
        collect,
      );

  planOptions(program.command('plan'))
    .description('Show the changes a document would make to the tenant (nothing changes)')
    .option('--detailed-exitcode', 'exit 3 when the plan has changes (0: none, 1: error)', false)
    .action(
      async (opts: { file: string; prune: boolean; credential?: string[]; detailedExitcode: boolean }) => {
        const ctx = context();
        // Checked by the API, which reports every problem by its path in the document.
        const document = readDocument(opts.file) as GovernanceDocumentInput;
        const plan = await ctx.call(governanceRoutes.plan, {
          body: {
            document,
            prune: opts.prune,
            credentials: shapeCredentials(document, credentials(opts.credential ?? [])),
          },
        });
        ctx.out.write(ctx.out.json ? `${JSON.stringify(plan, null, 2)}\n` : renderPlan(plan));
        if (opts.detailedExitcode && plan.changes.length > 0) process.exitCode = EXIT.changes;
      },
    );

  planOptions(program.command('apply'))
    .description(
      'Make the tenant what the document says, in one transaction (deletes only with --prune); every change is audited',
    )
    .action(async (opts: { file: string; prune: boolean; credential?: string[] }) => {
      const ctx = context();
      const document = readDocument(opts.file) as GovernanceDocumentInput;
      const result = await ctx.call(governanceRoutes.apply, {
        body: {
          document,
          prune: opts.prune,
          credentials: shapeCredentials(document, credentials(opts.credential ?? [])),
        },
      });
      if (ctx.out.json) return ctx.out.write(`${JSON.stringify(result, null, 2)}\n`);
      ctx.out.write(renderPlan(result, true));
      for (const s of result.signingSecrets)
        ctx.out.write(`signing secret of the sink ${s.sink} (shown once): ${s.signingSecret}\n`);
    });
}
