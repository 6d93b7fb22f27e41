'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { AgentKey } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

const revoke = (agentId: string, keyId: string) =>
  call(agentRoutes.revokeKey, { params: { id: agentId, keyId } });

export function KeyRow({
  agentId,
  agentKey,
  canManage,
  onChanged,
}: {
  agentId: string;
  agentKey: AgentKey;
  canManage: boolean;
  onChanged: () => void;
}) {
  const action = useAction(revoke);
  const [confirming, setConfirming] = useState(false);
  const label = agentKey.kid ?? `${agentKey.thumbprint.slice(0, 12)}…`;
  return (
    <tr data-testid="key-row">
      <Td className="font-mono text-xs text-slate-900">
        {agentKey.kid ?? <span className="text-slate-400">no kid</span>}
      </Td>
      <Td className="text-xs">
        {agentKey.kty}
        {agentKey.alg && <span className="text-slate-500"> · {agentKey.alg}</span>}
      </Td>
      <Td>
        <code
          className="break-all font-mono text-xs text-slate-600"
          title="RFC 7638 JWK thumbprint (SHA-256)"
        >
          {agentKey.thumbprint}
        </code>
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        <span title={formatDateTime(agentKey.createdAt)}>{formatRelative(agentKey.createdAt)}</span>
      </Td>
      {canManage && (
        <Td className="text-right">
          <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
            Revoke
          </Button>
          {confirming && (
            <ConfirmDialog
              title={`Revoke key ${label}?`}
              confirmLabel="Revoke key"
              pending={action.pending}
              error={action.error}
              onCancel={() => {
                setConfirming(false);
                action.reset();
              }}
              onConfirm={async () => {
                if (!(await action.run(agentId, agentKey.id)).ok) return;
                setConfirming(false);
                onChanged();
              }}
            >
              Assertions signed with this key are refused from now on.
            </ConfirmDialog>
          )}
        </Td>
      )}
    </tr>
  );
}
