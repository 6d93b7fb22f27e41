'use client';
import type { Resource } from '@/lib/use-resource';
import type { InvitationList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { InvitationRow } from './invitation-row';

export function InvitationsCard({
  resource,
  canManage,
}: {
  resource: Resource<InvitationList>;
  canManage: boolean;
}) {
  const { data, reload } = resource;
  const pending = (data?.items ?? []).filter((i) => i.status === 'pending');
  return (
    <Card>
      <CardHeader title="Pending invitations" description="Invitations that have not been accepted yet." />
      <ResourceState resource={resource}>
        {pending.length === 0 ? (
          <EmptyState title="No pending invitations">
            {canManage ? 'Invite someone with the form above.' : 'Owners can invite people to this tenant.'}
          </EmptyState>
        ) : (
          <Table label="Pending invitations">
            <thead className="bg-slate-50">
              <tr>
                <Th>E-mail</Th>
                <Th>Role</Th>
                <Th>Sent</Th>
                <Th>Expires</Th>
                {canManage && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pending.map((i) => (
                <InvitationRow key={i.id} invitation={i} canManage={canManage} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
