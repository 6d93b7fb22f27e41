'use client';
import type { Resource } from '@/lib/use-resource';
import type { AgentList } from '@portcullis/sdk';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { AgentRow } from './agent-row';

export function AgentsCard({ resource, canManage }: { resource: Resource<AgentList>; canManage: boolean }) {
  const { data } = resource;
  const items = data?.items ?? [];
  return (
    <Card>
      <ResourceState resource={resource}>
        {items.length === 0 ? (
          <EmptyState title="No agents yet">
            {canManage
              ? 'Create one, grant it servers, then give it a secret or an API key.'
              : 'Owners and admins create agents.'}
          </EmptyState>
        ) : (
          <Table label="Agents">
            <thead className="bg-slate-50">
              <tr>
                <Th>Agent</Th>
                <Th>Client ID</Th>
                <Th>Status</Th>
                <Th>Authentication</Th>
                <Th>Grants</Th>
                <Th>Created</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((a) => (
                <AgentRow key={a.id} agent={a} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
