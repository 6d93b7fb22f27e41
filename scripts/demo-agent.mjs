// Calls a tool through the gateway as the demo agent, with the official MCP SDK client and
// nothing but the gateway URL and the agent's credentials (written by the demo seed).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'apps/api/package.json'));
const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');
const { ClientCredentialsProvider } = require('@modelcontextprotocol/sdk/client/auth-extensions.js');

const demo = JSON.parse(readFileSync(path.join(root, '.data/demo-agent.json'), 'utf8'));
const authProvider = new ClientCredentialsProvider({
  clientId: demo.clientId,
  clientSecret: demo.clientSecret,
  expectedIssuer: demo.issuer,
});
const client = new Client({ name: 'portcullis-demo-agent', version: '1.0.0' });
await client.connect(new StreamableHTTPClientTransport(new URL(demo.gatewayUrl), { authProvider }));
const { tools } = await client.listTools();
console.log(`Tools visible to ${demo.clientId}: ${tools.map((t) => t.name).join(', ')}`);
const result = await client.callTool({
  name: 'echo',
  arguments: { text: process.argv[2] ?? 'Hello through Portcullis' },
});
console.log(`echo answered: ${result.content[0].text}`);
await client.close();
