'use client';
import type { Resource } from '@/lib/use-resource';
import type { McpToolList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { ToolRow } from './tool-row';

export function ToolsCard({
  serverId,
  resource,
  canManage,
  syncing,
}: {
  serverId: string;
  resource: Resource<McpToolList>;
  canManage: boolean;
  syncing: boolean;
}) {
  const { data, reload } = resource;
  const items = data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Tools"
        description="What the upstream lists. A tool is callable when it is approved, enabled and unchanged since approval."
      />
      <ResourceState resource={resource}>
        {items.length === 0 ? (
          <EmptyState title={syncing ? 'Listing tools…' : 'No tools discovered'}>
            {syncing
              ? 'The first sync is running; tools show here when it ends.'
              : 'The upstream listed no tools at the last sync.'}
          </EmptyState>
        ) : (
          <Table label="Tools">
            <thead className="bg-slate-50">
              <tr>
                <Th>Tool</Th>
                <Th>Review</Th>
                <Th>Callable</Th>
                <Th>Enabled</Th>
                <Th className="text-right">
                  <span className="sr-only">Schema</span>
                </Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((t) => (
                <ToolRow key={t.id} serverId={serverId} tool={t} canManage={canManage} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
