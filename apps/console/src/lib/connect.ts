// Ready-to-paste snippets for an agent to reach a server through the gateway. Secrets never go
// into a snippet: they are read from the environment, so a copied snippet leaks nothing.

export interface ConnectTarget {
  /** The server's gateway URL: the MCP endpoint and the token's resource (audience). */
  gatewayUrl: string;
  serverSlug: string;
  /** The agent's client_id, when known (an agent's page); otherwise a placeholder variable. */
  clientId?: string;
  agentName?: string;
}

/** The tenant's issuer from a gateway URL: both derive from PUBLIC_URL and the tenant slug only
 * (`{PUBLIC_URL}/mcp/{tenant}/{server}` and `{PUBLIC_URL}/t/{tenant}`, apps/api/src/oauth/issuer.ts). */
export function issuerFromGatewayUrl(gatewayUrl: string): string | null {
  const m = /^(https?:\/\/.+?)\/mcp\/([^/]+)\/[^/]+\/?$/.exec(gatewayUrl);
  return m ? `${m[1]}/t/${m[2]}` : null;
}

export const tokenEndpoint = (issuer: string) => `${issuer}/token`;

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export function curlSnippet(t: ConnectTarget, issuer: string): string {
  const id = t.clientId ? shellQuote(t.clientId) : '"$PORTCULLIS_CLIENT_ID"';
  return [
    `# Client credentials for a token whose audience is this server (expires in minutes).`,
    ...(t.clientId ? [`CLIENT_ID=${id}`] : []),
    `curl -sS -X POST ${shellQuote(tokenEndpoint(issuer))} \\`,
    `  -u "${t.clientId ? '$CLIENT_ID' : '$PORTCULLIS_CLIENT_ID'}:$PORTCULLIS_CLIENT_SECRET" \\`,
    `  -d grant_type=client_credentials \\`,
    `  --data-urlencode ${shellQuote(`resource=${t.gatewayUrl}`)}`,
    ``,
    `# Optional: narrow the token with --data-urlencode 'scope=mcp:tools:<tool>'.`,
    `# Then call the gateway with: Authorization: Bearer <access_token>`,
  ].join('\n');
}

export function typescriptSnippet(t: ConnectTarget, issuer: string): string {
  const clientId = t.clientId ? `'${t.clientId}'` : 'process.env.PORTCULLIS_CLIENT_ID!';
  return `// npm install @modelcontextprotocol/sdk
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';

const authProvider = new ClientCredentialsProvider({
  clientId: ${clientId},
  clientSecret: process.env.PORTCULLIS_CLIENT_SECRET!,
  // Credentials are only ever sent to this authorization server.
  expectedIssuer: '${issuer}',
});

const transport = new StreamableHTTPClientTransport(new URL('${t.gatewayUrl}'), { authProvider });
const client = new Client({ name: '${t.agentName ? slugish(t.agentName) : 'my-agent'}', version: '1.0.0' });
await client.connect(transport);

const { tools } = await client.listTools();
console.log(tools.map((tool) => tool.name));
await client.close();
`;
}

/** VS Code's mcp.json shape. MCP hosts do not do client credentials, so a host authenticates
 * with an agent API key as a bearer token, asked for once and kept in the host's secret store. */
export function hostConfigSnippet(t: ConnectTarget): string {
  const inputId = `portcullis-${t.serverSlug}`;
  const config = {
    inputs: [
      {
        type: 'promptString',
        id: inputId,
        description: `Portcullis API key${t.agentName ? ` of agent ${t.agentName}` : ''} for ${t.serverSlug}`,
        password: true,
      },
    ],
    servers: {
      [t.serverSlug]: {
        type: 'http',
        url: t.gatewayUrl,
        headers: { Authorization: `Bearer \${input:${inputId}}` },
      },
    },
  };
  return JSON.stringify(config, null, 2);
}

/** VS Code's mcp.json for a person: the URL alone; the host signs them in and asks for consent. */
export function memberHostSnippet(t: ConnectTarget): string {
  return JSON.stringify({ servers: { [t.serverSlug]: { type: 'http', url: t.gatewayUrl } } }, null, 2);
}

function slugish(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'my-agent'
  );
}
