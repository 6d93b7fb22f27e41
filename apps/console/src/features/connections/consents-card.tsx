'use client';
import { peopleRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import type { Resource } from '@/lib/use-resource';
import type { ConsentList } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ResourceState } from '@/components/ui/resource-state';
import { Table, Th } from '@/components/ui/table';
import { ConsentRow } from './consent-row';

/** Consents as a table: the person's own (My connections) or every member's (admins). */
export function ConsentsCard({
  title,
  description,
  consents,
  scope,
  canRevoke,
  empty,
}: {
  title: string;
  description: React.ReactNode;
  consents: Resource<ConsentList>;
  scope: 'mine' | 'tenant';
  canRevoke: boolean;
  empty: React.ReactNode;
}) {
  const items = consents.data?.items ?? [];
  const tenant = scope === 'tenant';
  const revoke = (id: string) =>
    call(tenant ? peopleRoutes.revokeConsent : peopleRoutes.revokeMyConsent, { params: { id } });
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <ResourceState resource={consents}>
        {items.length === 0 ? (
          <EmptyState title="No connections">{empty}</EmptyState>
        ) : (
          <Table label={title}>
            <thead className="bg-slate-50">
              <tr>
                {tenant && <Th>Member</Th>}
                <Th>Application</Th>
                <Th>Server</Th>
                <Th>Scopes</Th>
                <Th>Allowed</Th>
                <Th>Last used</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((c) => (
                <ConsentRow
                  key={c.id}
                  consent={c}
                  showMember={tenant}
                  canRevoke={canRevoke}
                  revoke={() => revoke(c.id)}
                  onChanged={consents.reload}
                />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
