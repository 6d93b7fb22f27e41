'use client';
import { authRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { SessionRow } from './session-row';

export function SessionsCard() {
  const { data, error, loading, reload } = useRoute(authRoutes.sessions, {});
  const items = data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Your sessions"
        description="Browsers where you are signed in. Revoke any you do not recognise."
      />
      <ResourceState resource={{ data, error, loading, reload }}>
        {items.length === 0 ? (
          <EmptyState title="No sessions" />
        ) : (
          <Table label="Your sessions">
            <thead className="bg-slate-50">
              <tr>
                <Th>Device</Th>
                <Th>IP address</Th>
                <Th>Signed in</Th>
                <Th>Last active</Th>
                <Th>Expires</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {items.map((s) => (
                <SessionRow key={s.id} session={s} onChanged={reload} />
              ))}
            </tbody>
          </Table>
        )}
      </ResourceState>
    </Card>
  );
}
