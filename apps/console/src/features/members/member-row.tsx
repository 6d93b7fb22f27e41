'use client';
import { useState } from 'react';
import { memberRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { ROLE_LABELS } from '@/lib/permissions';
import { useAction } from '@/lib/use-action';
import type { Member, Role } from '@portcullis/sdk';
import { RoleBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

const ROLES: Role[] = ['owner', 'admin', 'auditor', 'member'];
const changeRole = (id: string, role: Role) =>
  call(memberRoutes.changeRole, { params: { id }, body: { role } });
const removeMember = (id: string) => call(memberRoutes.remove, { params: { id } });

export function MemberRow({
  member,
  canManage,
  isSelf,
  onChanged,
}: {
  member: Member;
  canManage: boolean;
  isSelf: boolean;
  onChanged: () => void;
}) {
  const roleAction = useAction(changeRole);
  const removeAction = useAction(removeMember);
  const [confirming, setConfirming] = useState(false);

  return (
    <tr data-testid="member-row">
      <Td className="font-medium text-slate-900">
        {member.name}
        {isSelf && <span className="ml-2 text-xs font-normal text-slate-400">(you)</span>}
      </Td>
      <Td>{member.email}</Td>
      <Td>
        {canManage ? (
          <div>
            <select
              aria-label={`Role of ${member.email}`}
              value={member.role}
              disabled={roleAction.pending}
              onChange={async (e) => {
                if ((await roleAction.run(member.id, e.target.value as Role)).ok) onChanged();
              }}
              className="rounded-md border-0 bg-white py-1.5 pl-2 pr-8 text-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
            {roleAction.error && (
              <p className="mt-1 max-w-56 text-xs text-red-600">{roleAction.error.detail}</p>
            )}
          </div>
        ) : (
          <RoleBadge role={member.role} />
        )}
      </Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDate(member.createdAt)}</Td>
      {canManage && (
        <Td className="text-right">
          <Button variant="danger-ghost" size="sm" onClick={() => setConfirming(true)}>
            Remove
          </Button>
          {confirming && (
            <ConfirmDialog
              title={isSelf ? 'Leave this tenant?' : `Remove ${member.name}?`}
              confirmLabel={isSelf ? 'Leave tenant' : 'Remove member'}
              pending={removeAction.pending}
              error={removeAction.error}
              onCancel={() => {
                setConfirming(false);
                removeAction.reset();
              }}
              onConfirm={async () => {
                if (!(await removeAction.run(member.id)).ok) return;
                setConfirming(false);
                onChanged();
              }}
            >
              {member.email} loses access to this tenant at once. Their sessions in other tenants are not
              affected.
            </ConfirmDialog>
          )}
        </Td>
      )}
    </tr>
  );
}
