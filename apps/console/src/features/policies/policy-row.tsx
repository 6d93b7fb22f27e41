'use client';
import Link from 'next/link';
import { policyRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { PolicyView } from '@portcullis/sdk';
import { buttonClass } from '@/components/ui/button';
import { cx } from '@/components/ui/cx';
import { Td } from '@/components/ui/table';
import { Toggle } from '@/components/ui/toggle';
import { DeletePolicyButton } from './delete-policy-button';
import { ModeBadge } from './mode-badge';
import { describeTargetNames, withNames, type Directory } from './names';

const setEnabled = (id: string, enabled: boolean) =>
  call(policyRoutes.update, { params: { id }, body: { enabled } });

export function PolicyRow({
  policy,
  directory,
  canManage,
  onChanged,
}: {
  policy: PolicyView;
  directory: Directory;
  canManage: boolean;
  onChanged: () => void;
}) {
  const toggle = useAction(setEnabled);
  return (
    <tr data-testid="policy-row" className={cx(!policy.enabled && 'bg-slate-50/60')}>
      <Td className="max-w-md">
        <Link href={`/policies/${policy.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
          {policy.name}
        </Link>
        <p
          className={cx('mt-0.5 text-xs', policy.enabled ? 'text-slate-500' : 'text-slate-400')}
          data-testid="policy-description"
        >
          {withNames(directory, policy.description)}
        </p>
        {toggle.error && <p className="mt-1 text-xs text-red-600">{toggle.error.detail}</p>}
      </Td>
      <Td className="text-xs text-slate-600">{describeTargetNames(directory, policy.target)}</Td>
      <Td>
        <ModeBadge mode={policy.mode} />
        {policy.priority !== 0 && (
          <div className="mt-1 text-[11px] text-slate-400">priority {policy.priority}</div>
        )}
      </Td>
      <Td>
        {canManage ? (
          <Toggle
            checked={policy.enabled}
            disabled={toggle.pending}
            label={`Enable ${policy.name}`}
            onChange={async (enabled) => {
              if ((await toggle.run(policy.id, enabled)).ok) onChanged();
            }}
          />
        ) : (
          <span className="text-sm text-slate-600">{policy.enabled ? 'On' : 'Off'}</span>
        )}
      </Td>
      {canManage && (
        <Td className="whitespace-nowrap text-right">
          <Link
            href={`/policies/${policy.id}`}
            className={buttonClass('ghost', 'sm')}
            aria-label={`Edit ${policy.name}`}
          >
            Edit
          </Link>
          <DeletePolicyButton policy={policy} onDeleted={onChanged} />
        </Td>
      )}
    </tr>
  );
}
