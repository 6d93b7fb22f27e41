'use client';
import type { Resource } from '@/lib/use-resource';
import type { OAuthClientList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ResourceState } from '@/components/ui/resource-state';
import { Table, Th } from '@/components/ui/table';
import { ClientRow } from './client-row';

export function ClientsCard({
  clients,
  canManage,
}: {
  clients: Resource<OAuthClientList>;
  canManage: boolean;
}) {
  const items = clients.data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="MCP clients"
        description="Applications members use to reach the MCP servers. A name is the client's own claim unless you verify it."
      />
      <ResourceState resource={clients}>
        {items.length === 0 ? (
          <EmptyState title="No MCP clients yet">
            They appear here the first time a member connects one.
          </EmptyState>
        ) : (
          <Table label="MCP clients">
            <thead className="bg-slate-50">
              <tr>
                <Th>Client</Th>
                <Th>Redirects to</Th>
                <Th>Consents</Th>
                <Th>Registered</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <ClientRow key={c.id} client={c} canManage={canManage} onChanged={clients.reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
