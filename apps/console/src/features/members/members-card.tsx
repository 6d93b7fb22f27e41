'use client';
import type { Resource } from '@/lib/use-resource';
import type { MemberList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { MemberRow } from './member-row';

export function MembersCard({
  resource,
  canManage,
  currentUserId,
}: {
  resource: Resource<MemberList>;
  canManage: boolean;
  currentUserId: string;
}) {
  const { data, reload } = resource;
  const items = data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Members"
        description={data ? `${items.length} ${items.length === 1 ? 'person' : 'people'}` : undefined}
      />
      <ResourceState resource={resource}>
        {items.length === 0 ? (
          <EmptyState title="No members yet" />
        ) : (
          <Table label="Members">
            <thead className="bg-slate-50">
              <tr>
                <Th>Name</Th>
                <Th>E-mail</Th>
                <Th>Role</Th>
                <Th>Joined</Th>
                {canManage && <Th className="text-right">Actions</Th>}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((m) => (
                <MemberRow
                  key={m.id}
                  member={m}
                  canManage={canManage}
                  isSelf={m.userId === currentUserId}
                  onChanged={reload}
                />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
