#!/usr/bin/env node
// CLI entry: `node dist/main.js`. Prints one "listening <url>" line that scripts can wait for.
import { ConfigError, USAGE, parseConfig } from './config.js';
import { startExampleServer } from './server.js';

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2), process.env);
  if (config.help) {
    process.stdout.write(USAGE);
    return;
  }
  const server = await startExampleServer(config.options);
  const { stateless, jsonResponse, requiredToken, platformAuth } = config.options;
  const mode = [
    stateless ? 'stateless' : 'stateful',
    jsonResponse ? 'json' : 'sse',
    platformAuth ? 'platform-tokens' : requiredToken ? 'bearer-required' : 'no-auth',
  ].join(', ');
  process.stdout.write(`listening ${server.url} (${mode})\n`);

  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`example-mcp-server: ${error instanceof ConfigError ? error.message : String(error)}`);
  process.exit(1);
});
