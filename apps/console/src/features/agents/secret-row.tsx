'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { ClientSecret } from '@portcullis/sdk';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';
import { SecretExpiryDialog } from './secret-expiry-dialog';

const revoke = (agentId: string, secretId: string) =>
  call(agentRoutes.revokeSecret, { params: { id: agentId, secretId } });

export function SecretRow({
  agentId,
  secret,
  canManage,
  onChanged,
}: {
  agentId: string;
  secret: ClientSecret;
  canManage: boolean;
  onChanged: () => void;
}) {
  const action = useAction(revoke);
  const [dialog, setDialog] = useState<'expiry' | 'revoke'>();
  return (
    <tr data-testid="secret-row">
      <Td>
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {secret.prefix}…
        </code>
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        <span title={formatDateTime(secret.createdAt)}>{formatRelative(secret.createdAt)}</span>
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        {secret.expiresAt ? (
          <span title={formatDateTime(secret.expiresAt)}>{formatRelative(secret.expiresAt)}</span>
        ) : (
          'Never'
        )}
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        {secret.lastUsedAt ? formatRelative(secret.lastUsedAt) : 'Never'}
      </Td>
      <Td>
        <StatusBadge status={secret.status} />
      </Td>
      {canManage && (
        <Td className="whitespace-nowrap text-right">
          {secret.status === 'active' && (
            <>
              <Button variant="ghost" size="sm" onClick={() => setDialog('expiry')}>
                Set expiry
              </Button>
              <Button variant="danger-ghost" size="sm" onClick={() => setDialog('revoke')}>
                Revoke
              </Button>
            </>
          )}
          {dialog === 'expiry' && (
            <SecretExpiryDialog
              agentId={agentId}
              secret={secret}
              onClose={() => setDialog(undefined)}
              onSaved={onChanged}
            />
          )}
          {dialog === 'revoke' && (
            <ConfirmDialog
              title={`Revoke secret ${secret.prefix}…?`}
              confirmLabel="Revoke secret"
              pending={action.pending}
              error={action.error}
              onCancel={() => {
                setDialog(undefined);
                action.reset();
              }}
              onConfirm={async () => {
                if (!(await action.run(agentId, secret.id)).ok) return;
                setDialog(undefined);
                onChanged();
              }}
            >
              The token endpoint refuses it within a second. Tokens already issued with it run until they
              expire.
            </ConfirmDialog>
          )}
        </Td>
      )}
    </tr>
  );
}
