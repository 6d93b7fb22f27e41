#!/usr/bin/env node
// portcullis: the command line of Portcullis. Resource commands come from the REST route
// contracts (@portcullis/sdk); governance as code, the audit trail, the policy lab and tokens
// have commands of their own. Exit codes: 0 ok, 1 error, 2 usage, 3 plan has changes
// (with --detailed-exitcode).
import { Command, CommanderError } from 'commander';
import { registerAudit } from './commands/audit.js';
import { registerGovernance } from './commands/governance.js';
import { registerLogin } from './commands/login.js';
import { registerPolicy } from './commands/policy.js';
import { registerToken } from './commands/token.js';
import { registerTools } from './commands/tools.js';
import { Context, type GlobalFlags } from './context.js';
import { CliError, EXIT, describeError } from './errors.js';
import { RESOURCES, registerResource } from './resources.js';

export function buildProgram(): Command {
  const program = new Command('portcullis')
    .description(
      'Portcullis from the command line: resources, governance as code (export, plan, apply), the audit trail, tokens.',
    )
    .version('0.1.0')
    .option('--url <url>', 'the API (default: $PORTCULLIS_URL, or the URL saved by login)')
    .option('--json', 'print JSON (what the API answered) instead of tables', false)
    .showSuggestionAfterError()
    .exitOverride()
    .addHelpText(
      'after',
      `
Authentication: an admin API token, from $PORTCULLIS_TOKEN or saved by \`portcullis login\`.

Exit codes: 0 ok; 1 error (the API refused, the network failed); 2 usage (a wrong command
line); 3 \`plan --detailed-exitcode\` found changes.

Examples:
  portcullis export > tenant.yaml
  portcullis plan -f tenant.yaml --detailed-exitcode
  portcullis apply -f tenant.yaml --prune
  portcullis agents create --set name=ci-bot
  portcullis grants set --agent ci-bot --server github --tools search,read_file
  portcullis audit tail --action agent.created`,
    );
  const context = () => new Context(program.opts<GlobalFlags>());
  registerLogin(program, context);
  registerGovernance(program, context);
  for (const spec of RESOURCES) registerResource(program, spec, context);
  registerTools(program, context);
  registerToken(program, context);
  registerAudit(program, context);
  registerPolicy(program, context);
  // Every subcommand fails the same way (exit codes above), not by commander's own exit.
  const override = (c: Command) => {
    c.exitOverride();
    c.commands.forEach(override);
  };
  override(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with a zero code; the message was already printed.
      return e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(`error: ${describeError(e)}\n`);
    return e instanceof CliError ? e.exitCode : EXIT.error;
  }
}

process.exitCode = await main(process.argv);
