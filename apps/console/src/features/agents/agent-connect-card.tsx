'use client';
import { useState } from 'react';
import type { Agent, McpServer } from '@portcullis/sdk';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { SelectField } from '@/components/ui/field';
import { ConnectSnippets } from '../connect/connect-panel';

/** The connect snippets for this agent, for one of the servers it is granted. */
export function AgentConnectCard({ agent, servers }: { agent: Agent; servers: McpServer[] }) {
  const granted = servers.filter((s) => agent.grants.some((g) => g.serverId === s.id));
  const [serverId, setServerId] = useState<string>();
  const server = granted.find((s) => s.id === serverId) ?? granted[0];
  return (
    <Card>
      <CardHeader
        title="Connect"
        description="How this agent gets a token and calls a granted server through the gateway."
      />
      <CardBody className="space-y-4">
        {!server ? (
          <p className="text-sm text-slate-500">
            Grant the agent a server first: a token is always for one server.
          </p>
        ) : (
          <>
            {granted.length > 1 && (
              <div className="max-w-xs">
                <SelectField
                  label="Server"
                  name="connectServer"
                  value={server.id}
                  options={granted.map((s) => ({ value: s.id, label: `${s.name} (${s.slug})` }))}
                  onChange={(e) => setServerId(e.target.value)}
                />
              </div>
            )}
            <ConnectSnippets
              target={{
                gatewayUrl: server.gatewayUrl,
                serverSlug: server.slug,
                clientId: agent.clientId,
                agentName: agent.name,
              }}
            />
          </>
        )}
      </CardBody>
    </Card>
  );
}
