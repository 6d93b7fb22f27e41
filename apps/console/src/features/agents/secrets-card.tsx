'use client';
import { agentRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { useRoute } from '@/lib/use-resource';
import type { CreatedClientSecret } from '@/lib/types';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { OnceSecretPanel } from '@/components/ui/once-secret-panel';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { NewSecretDialog } from './new-secret-dialog';
import { SecretRow } from './secret-row';

export function SecretsCard({ agentId, canManage }: { agentId: string; canManage: boolean }) {
  const { data, error, loading, reload } = useRoute(agentRoutes.secrets, { params: { id: agentId } });
  const [dialog, setDialog] = useState<'new' | 'rotate'>();
  const [created, setCreated] = useState<CreatedClientSecret>();
  const items = data?.items ?? [];
  const hasActive = items.some((s) => s.status === 'active');
  return (
    <div className="space-y-4">
      {created && (
        <OnceSecretPanel
          title="Copy the new client secret now"
          value={created.clientSecret}
          copyLabel="Copy secret"
          testId="new-secret"
          onDismiss={() => setCreated(undefined)}
        >
          <p className="mt-2 text-sm text-amber-900">
            Client ID{' '}
            <code className="rounded bg-white px-1.5 py-0.5 font-mono text-xs ring-1 ring-amber-300">
              {created.clientId}
            </code>
          </p>
        </OnceSecretPanel>
      )}
      <Card>
        <CardHeader
          title="Client secrets"
          description="Several may be active at once, so a rotation overlaps instead of cutting every client off. Only a prefix is kept for display."
          action={
            canManage ? (
              <div className="flex gap-2">
                {hasActive && (
                  <Button variant="secondary" onClick={() => setDialog('rotate')}>
                    Rotate
                  </Button>
                )}
                <Button onClick={() => setDialog('new')}>New secret</Button>
              </div>
            ) : undefined
          }
        />
        <ResourceState resource={{ data, error, loading, reload }}>
          {items.length === 0 ? (
            <EmptyState title="No client secrets">
              {canManage
                ? 'Create one for the agent to use the client credentials grant.'
                : 'Owners and admins create secrets.'}
            </EmptyState>
          ) : (
            <Table label="Client secrets">
              <thead className="bg-slate-50">
                <tr>
                  <Th>Prefix</Th>
                  <Th>Created</Th>
                  <Th>Expires</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  {canManage && <Th className="text-right">Actions</Th>}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {items.map((s) => (
                  <SecretRow
                    key={s.id}
                    agentId={agentId}
                    secret={s}
                    canManage={canManage}
                    onChanged={reload}
                  />
                ))}
              </tbody>
            </Table>
          )}
        </ResourceState>
      </Card>
      {dialog && (
        <NewSecretDialog
          agentId={agentId}
          rotation={dialog === 'rotate'}
          onClose={() => setDialog(undefined)}
          onCreated={(c) => {
            setCreated(c);
            reload();
          }}
        />
      )}
    </div>
  );
}
