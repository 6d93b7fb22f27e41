'use client';
import type { Resource } from '@/lib/use-resource';
import type { ApiTokenList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { TokenRow } from './token-row';

export function TokensCard({
  resource,
  canManage,
}: {
  resource: Resource<ApiTokenList>;
  canManage: boolean;
}) {
  const { data, reload } = resource;
  const items = data?.items ?? [];
  return (
    <Card>
      <CardHeader title="Tokens" description="Only the prefix of each token is kept for display." />
      <ResourceState resource={resource}>
        {items.length === 0 ? (
          <EmptyState title="No API tokens yet">
            {canManage
              ? 'Create one above to call the API from a script or CI.'
              : 'Owners and admins can create tokens.'}
          </EmptyState>
        ) : (
          <Table label="API tokens">
            <thead className="bg-slate-50">
              <tr>
                <Th>Name</Th>
                <Th>Prefix</Th>
                <Th>Role</Th>
                <Th>Created</Th>
                <Th>Expires</Th>
                <Th>Last used</Th>
                <Th>Status</Th>
                {canManage && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((t) => (
                <TokenRow key={t.id} token={t} canManage={canManage} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
