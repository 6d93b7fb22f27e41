'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDate, formatDateTime, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { AgentApiKey } from '@portcullis/sdk';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

const revoke = (agentId: string, keyId: string) =>
  call(agentRoutes.revokeApiKey, { params: { id: agentId, keyId } });

export function ApiKeyRow({
  agentId,
  apiKey,
  slugOf,
  canManage,
  onChanged,
}: {
  agentId: string;
  apiKey: AgentApiKey;
  slugOf: (serverId: string) => string;
  canManage: boolean;
  onChanged: () => void;
}) {
  const action = useAction(revoke);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="api-key-row">
      <Td className="font-medium text-slate-900">{apiKey.name}</Td>
      <Td>
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {apiKey.prefix}…
        </code>
      </Td>
      <Td className="max-w-xs text-xs text-slate-600">
        {apiKey.scope.map((s) => (
          <div key={s.serverId}>
            <span className="font-mono">{slugOf(s.serverId)}</span>:{' '}
            {s.tools === '*' ? 'all tools' : s.tools.join(', ')}
          </div>
        ))}
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        <span title={formatDateTime(apiKey.createdAt)}>{formatRelative(apiKey.createdAt)}</span>
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        {apiKey.expiresAt ? formatDate(apiKey.expiresAt) : 'Never'}
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        {apiKey.lastUsedAt ? formatRelative(apiKey.lastUsedAt) : 'Never'}
      </Td>
      <Td>
        <StatusBadge status={apiKey.status} />
      </Td>
      {canManage && (
        <Td className="text-right">
          {apiKey.status === 'active' && (
            <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
              Revoke
            </Button>
          )}
          {confirming && (
            <ConfirmDialog
              title={`Revoke API key “${apiKey.name}”?`}
              confirmLabel="Revoke API key"
              pending={action.pending}
              error={action.error}
              onCancel={() => {
                setConfirming(false);
                action.reset();
              }}
              onConfirm={async () => {
                if (!(await action.run(agentId, apiKey.id)).ok) return;
                setConfirming(false);
                onChanged();
              }}
            >
              The gateway refuses {apiKey.prefix}… within a second. This cannot be undone.
            </ConfirmDialog>
          )}
        </Td>
      )}
    </tr>
  );
}
