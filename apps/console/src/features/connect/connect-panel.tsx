'use client';
import {
  curlSnippet,
  hostConfigSnippet,
  issuerFromGatewayUrl,
  tokenEndpoint,
  typescriptSnippet,
  type ConnectTarget,
} from '@/lib/connect';
import { CodeBlock } from '@/components/ui/code-block';
import { CopyableUrl } from '@/components/ui/copyable-url';
import { DetailList } from '@/components/ui/detail-list';
import { Tabs } from '@/components/ui/tabs';

/** Ready-to-paste ways for an agent to reach one server through the gateway. */
export function ConnectSnippets({ target }: { target: ConnectTarget }) {
  const issuer = issuerFromGatewayUrl(target.gatewayUrl);
  if (!issuer)
    return (
      <p className="text-sm text-slate-500">
        The gateway URL has an unexpected shape; no snippet can be built.
      </p>
    );
  return (
    <div className="space-y-5">
      <DetailList
        items={[
          {
            label: 'Issuer',
            wide: true,
            value: <CopyableUrl url={issuer} ariaLabel="Copy the issuer" testId="issuer-url" />,
          },
          {
            label: 'Token endpoint',
            wide: true,
            value: <CopyableUrl url={tokenEndpoint(issuer)} ariaLabel="Copy the token endpoint" />,
          },
        ]}
      />
      <Tabs
        label="Connection snippets"
        items={[
          {
            id: 'curl',
            label: 'curl',
            content: (
              <CodeBlock code={curlSnippet(target, issuer)} label="curl: get a token" testId="snippet-curl" />
            ),
          },
          {
            id: 'typescript',
            label: 'TypeScript (MCP SDK)',
            content: (
              <CodeBlock
                code={typescriptSnippet(target, issuer)}
                label="TypeScript MCP client"
                testId="snippet-typescript"
              />
            ),
          },
          {
            id: 'host',
            label: 'MCP host',
            content: (
              <>
                <p className="mb-3 text-sm text-slate-500">
                  For a host such as VS Code (<code className="font-mono text-xs">.vscode/mcp.json</code>)
                  acting as an agent: hosts do not speak client credentials, so give it an agent API key,
                  which it asks for once and keeps in its secret store. A person&apos;s own host needs only
                  the gateway URL: it signs them in and asks for their consent (see People&apos;s access on
                  the server).
                </p>
                <CodeBlock
                  code={hostConfigSnippet(target)}
                  label="MCP host configuration"
                  testId="snippet-host"
                />
              </>
            ),
          },
        ]}
      />
    </div>
  );
}
