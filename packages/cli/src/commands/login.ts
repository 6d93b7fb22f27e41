// `portcullis login`: checks an admin API token against the API, then keeps it in a private file.
import { readFileSync, rmSync } from 'node:fs';
import type { Command } from 'commander';
import { createApiClient, tenantRoutes } from '@portcullis/sdk';
import { configFile, readConfig, writeConfig } from '../config.js';
import type { Context } from '../context.js';
import { CliError, usage } from '../errors.js';

export function registerLogin(program: Command, context: () => Context): void {
  program
    .command('login')
    .description(
      'Check an admin API token (pcat_...) and keep it, with the API URL, in a 0600 file under $XDG_CONFIG_HOME/portcullis',
    )
    .option('--token-stdin', 'read the token from standard input (otherwise $PORTCULLIS_TOKEN)', false)
    .addHelpText(
      'after',
      '\nThe API URL comes from --url (a global option), $PORTCULLIS_URL or the saved file.\nExample: echo "$TOKEN" | portcullis --url https://portcullis.example.com login --token-stdin',
    )
    .action(async (opts: { tokenStdin: boolean }) => {
      const ctx = context();
      const saved = readConfig();
      const url = ctx.flags.url ?? process.env.PORTCULLIS_URL ?? saved.url;
      if (!url) throw usage('--url is required (the API, e.g. https://portcullis.example.com)');
      const token = (opts.tokenStdin ? readFileSync(0, 'utf8') : (process.env.PORTCULLIS_TOKEN ?? '')).trim();
      if (!token) throw usage('no token: pass --token-stdin or set $PORTCULLIS_TOKEN');
      if (!token.startsWith('pcat_'))
        throw usage(
          'an admin API token starts with pcat_ (create one in the console or with `portcullis api-tokens create`)',
        );
      const tenant = await createApiClient({ baseUrl: url, token }).call(tenantRoutes.get, {});
      const file = writeConfig({ url, token });
      if (ctx.out.json)
        ctx.out.write(`${JSON.stringify({ url, tenant: tenant.slug, config: file }, null, 2)}\n`);
      else
        ctx.out.write(`logged in to ${url} as tenant ${tenant.slug} (token saved in ${file}, mode 0600)\n`);
    });

  program
    .command('logout')
    .description('Forget the saved token')
    .action(() => {
      const saved = readConfig();
      if (!saved.token) throw new CliError(`not logged in (${configFile()})`);
      rmSync(configFile());
      context().out.write('logged out\n');
    });
}
