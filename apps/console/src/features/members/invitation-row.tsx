'use client';
import { useState } from 'react';
import { memberRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDate, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { Invitation } from '@portcullis/sdk';
import { RoleBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

const revoke = (id: string) => call(memberRoutes.revokeInvitation, { params: { id } });

export function InvitationRow({
  invitation,
  canManage,
  onChanged,
}: {
  invitation: Invitation;
  canManage: boolean;
  onChanged: () => void;
}) {
  const action = useAction(revoke);
  const [confirming, setConfirming] = useState(false);
  return (
    <tr data-testid="invitation-row">
      <Td className="font-medium text-slate-900">{invitation.email}</Td>
      <Td>
        <RoleBadge role={invitation.role} />
      </Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDate(invitation.createdAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">
        <span title={invitation.expiresAt}>{formatRelative(invitation.expiresAt)}</span>
      </Td>
      {canManage && (
        <Td className="text-right">
          <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
            Revoke
          </Button>
          {confirming && (
            <ConfirmDialog
              title="Revoke this invitation?"
              confirmLabel="Revoke invitation"
              pending={action.pending}
              error={action.error}
              onCancel={() => {
                setConfirming(false);
                action.reset();
              }}
              onConfirm={async () => {
                if (!(await action.run(invitation.id)).ok) return;
                setConfirming(false);
                onChanged();
              }}
            >
              The link sent to {invitation.email} stops working at once.
            </ConfirmDialog>
          )}
        </Td>
      )}
    </tr>
  );
}
