'use client';
import { useState } from 'react';
import { apiTokenRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDate, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { ApiToken } from '@portcullis/sdk';
import { RoleBadge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

const revoke = (id: string) => call(apiTokenRoutes.revoke, { params: { id } });

export function TokenRow({
  token,
  canManage,
  onChanged,
}: {
  token: ApiToken;
  canManage: boolean;
  onChanged: () => void;
}) {
  const action = useAction(revoke);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="token-row">
      <Td className="font-medium text-slate-900">{token.name}</Td>
      <Td>
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {token.prefix}…
        </code>
      </Td>
      <Td>
        <RoleBadge role={token.role} />
      </Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDate(token.createdAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDate(token.expiresAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">
        {token.lastUsedAt ? formatRelative(token.lastUsedAt) : 'Never'}
      </Td>
      <Td>
        <StatusBadge status={token.status} />
      </Td>
      {canManage && (
        <Td className="text-right">
          {token.status === 'active' && (
            <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
              Revoke
            </Button>
          )}
          {confirming && (
            <ConfirmDialog
              title={`Revoke “${token.name}”?`}
              confirmLabel="Revoke token"
              pending={action.pending}
              error={action.error}
              onCancel={() => {
                setConfirming(false);
                action.reset();
              }}
              onConfirm={async () => {
                if (!(await action.run(token.id)).ok) return;
                setConfirming(false);
                onChanged();
              }}
            >
              Anything using the token {token.prefix}… is refused from now on. This cannot be undone.
            </ConfirmDialog>
          )}
        </Td>
      )}
    </tr>
  );
}
