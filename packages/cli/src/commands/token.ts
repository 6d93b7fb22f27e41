// An agent's access token by client credentials, through the SDK (discovery, retries, checks).
import type { Command } from 'commander';
import { createAgentAuth } from '@portcullis/sdk/agent';
import type { Context } from '../context.js';
import { CliError, usage } from '../errors.js';

export function registerToken(program: Command, context: () => Context): void {
  program
    .command('token')
    .description(
      "Fetch an agent's access token (client credentials) for an MCP server at the gateway; prints the token",
    )
    .requiredOption(
      '--gateway-url <url>',
      "the server's gateway URL (its issuer and token endpoint are discovered from it)",
    )
    .option('--client-id <id>', "the agent's client id (default: $PORTCULLIS_CLIENT_ID)")
    .option('--scope <scope>', 'scopes to ask for (default: the whole grant)')
    .option('--allow-insecure-http', 'allow plain http off loopback (never in production)', false)
    .addHelpText(
      'after',
      '\nThe client secret is read from $PORTCULLIS_CLIENT_SECRET, never from the command line.',
    )
    .action(
      async (opts: { gatewayUrl: string; clientId?: string; scope?: string; allowInsecureHttp: boolean }) => {
        const ctx = context();
        const clientId = opts.clientId ?? process.env.PORTCULLIS_CLIENT_ID;
        const clientSecret = process.env.PORTCULLIS_CLIENT_SECRET;
        if (!clientId) throw usage('--client-id (or $PORTCULLIS_CLIENT_ID) is required');
        if (!clientSecret) throw new CliError("set $PORTCULLIS_CLIENT_SECRET to the agent's client secret");
        const auth = createAgentAuth({
          gatewayUrl: opts.gatewayUrl,
          clientId,
          clientSecret,
          allowInsecureHttp: opts.allowInsecureHttp,
          ...(opts.scope ? { scope: opts.scope } : {}),
        });
        const set = await auth.getTokenSet();
        if (ctx.out.json)
          ctx.out.write(
            `${JSON.stringify({ accessToken: set.accessToken, tokenType: 'Bearer', expiresAt: new Date(set.expiresAt).toISOString(), scope: set.scope }, null, 2)}\n`,
          );
        else ctx.out.write(`${set.accessToken}\n`);
      },
    );
}
