'use client';
import { useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { describeUserAgent, formatDateTime, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { SessionInfo } from '@/lib/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

const revoke = (id: string) => call(authRoutes.revokeSession, { params: { id } });

export function SessionRow({ session, onChanged }: { session: SessionInfo; onChanged: () => void }) {
  const action = useAction(revoke);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="session-row">
      <Td className="font-medium text-slate-900">
        <span title={session.userAgent ?? undefined}>{describeUserAgent(session.userAgent)}</span>
        {session.current && (
          <span className="ml-2">
            <Badge tone="green">This browser</Badge>
          </span>
        )}
      </Td>
      <Td className="font-mono text-xs">{session.ip ?? '—'}</Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDateTime(session.createdAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">{formatRelative(session.lastSeenAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">{formatRelative(session.expiresAt)}</Td>
      <Td className="text-right">
        {!session.current && (
          <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
            Revoke
          </Button>
        )}
        {confirming && (
          <ConfirmDialog
            title="Revoke this session?"
            confirmLabel="Revoke session"
            pending={action.pending}
            error={action.error}
            onCancel={() => {
              setConfirming(false);
              action.reset();
            }}
            onConfirm={async () => {
              if (!(await action.run(session.id)).ok) return;
              setConfirming(false);
              onChanged();
            }}
          >
            That browser is signed out at its next request.
          </ConfirmDialog>
        )}
      </Td>
    </tr>
  );
}
