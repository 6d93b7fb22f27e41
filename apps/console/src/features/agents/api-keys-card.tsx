'use client';
import { agentRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { useRoute } from '@/lib/use-resource';
import type { Agent, CreatedAgentApiKey } from '@/lib/types';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { OnceSecretPanel } from '@/components/ui/once-secret-panel';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { ApiKeyRow } from './api-key-row';
import { CreateApiKeyForm } from './create-api-key-form';

/** API keys: the simple path for local development, a bearer key straight to the gateway. */
export function ApiKeysCard({ agent, canManage }: { agent: Agent; canManage: boolean }) {
  const { data, error, loading, reload } = useRoute(agentRoutes.apiKeys, { params: { id: agent.id } });
  const [created, setCreated] = useState<CreatedAgentApiKey>();
  const items = data?.items ?? [];
  const slugOf = (serverId: string) =>
    agent.grants.find((g) => g.serverId === serverId)?.serverSlug ?? 'server no longer granted';
  return (
    <div className="space-y-4">
      {created && (
        <OnceSecretPanel
          title={`Copy the new API key “${created.apiKey.name}” now`}
          value={created.key}
          copyLabel="Copy key"
          testId="new-api-key"
          onDismiss={() => setCreated(undefined)}
        />
      )}
      <Card>
        <CardHeader
          title="API keys"
          description="For local development and prototyping: sent as Authorization: Bearer to the gateway, scoped to part of the agent's grants."
        />
        {canManage && (
          <CardBody className="border-b border-slate-200">
            {agent.grants.length === 0 ? (
              <p className="text-sm text-slate-500">
                Grant the agent a server first: a key is scoped to the agent&apos;s grants.
              </p>
            ) : (
              <CreateApiKeyForm
                key={JSON.stringify(agent.grants)}
                agent={agent}
                onCreated={(c) => {
                  setCreated(c);
                  reload();
                }}
              />
            )}
          </CardBody>
        )}
        <ResourceState resource={{ data, error, loading, reload }}>
          {items.length === 0 ? (
            <EmptyState title="No API keys" />
          ) : (
            <Table label="Agent API keys">
              <thead className="bg-slate-50">
                <tr>
                  <Th>Name</Th>
                  <Th>Prefix</Th>
                  <Th>Scope</Th>
                  <Th>Created</Th>
                  <Th>Expires</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  {canManage && <Th className="text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((k) => (
                  <ApiKeyRow
                    key={k.id}
                    agentId={agent.id}
                    apiKey={k}
                    slugOf={slugOf}
                    canManage={canManage}
                    onChanged={reload}
                  />
                ))}
              </tbody>
            </Table>
          )}
        </ResourceState>
      </Card>
    </div>
  );
}
