'use client';
import { agentRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';

import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { AddKeyForm } from './add-key-form';
import { KeyRow } from './key-row';

export function PublicKeysCard({
  agentId,
  canManage,
  enabled,
}: {
  agentId: string;
  canManage: boolean;
  enabled: boolean;
}) {
  const { data, error, loading, reload } = useRoute(agentRoutes.keys, { params: { id: agentId } });
  const items = data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Public keys"
        description={
          enabled
            ? 'For private_key_jwt: the agent signs a short assertion with its private key; these public keys verify it.'
            : 'For private_key_jwt, which this agent is not allowed to use yet (see Client authentication above).'
        }
      />
      {canManage && (
        <CardBody className="border-b border-slate-200">
          <AddKeyForm agentId={agentId} onAdded={reload} />
        </CardBody>
      )}
      <ResourceState resource={{ data, error, loading, reload }}>
        {items.length === 0 ? (
          <EmptyState title="No public keys" />
        ) : (
          <Table label="Public keys">
            <thead className="bg-slate-50">
              <tr>
                <Th>Key ID (kid)</Th>
                <Th>Type</Th>
                <Th>Thumbprint</Th>
                <Th>Added</Th>
                {canManage && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((k) => (
                <KeyRow key={k.id} agentId={agentId} agentKey={k} canManage={canManage} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
