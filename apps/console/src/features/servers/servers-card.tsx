'use client';
import type { Resource } from '@/lib/use-resource';
import type { McpServerList } from '@portcullis/sdk';
import { Card } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { ServerRow } from './server-row';

export function ServersCard({
  resource,
  canManage,
}: {
  resource: Resource<McpServerList>;
  canManage: boolean;
}) {
  const { data, reload } = resource;
  const items = data?.items ?? [];
  return (
    <Card>
      <ResourceState resource={resource}>
        {items.length === 0 ? (
          <EmptyState title="No MCP servers yet">
            {canManage
              ? 'Register one: agents then reach it through its gateway URL, never directly.'
              : 'Owners and admins register the MCP servers agents may use.'}
          </EmptyState>
        ) : (
          <Table label="MCP servers">
            <thead className="bg-slate-50">
              <tr>
                <Th>Server</Th>
                <Th>Gateway URL</Th>
                <Th>Tools</Th>
                <Th>Last sync</Th>
                {canManage && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((s) => (
                <ServerRow key={s.id} server={s} canManage={canManage} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
