import { formatDateTime } from '@/lib/format';
import { ROLE_HINTS } from '@/lib/permissions';
import type { InvitationPreview } from '@portcullis/sdk';
import { RoleBadge } from '@/components/ui/badge';

export function InviteSummary({ preview }: { preview: InvitationPreview }) {
  return (
    <div>
      <p className="text-sm font-medium text-indigo-600">You are invited</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">Join {preview.tenantName}</h1>
      <dl className="mt-4 space-y-2 rounded-md bg-slate-50 p-4 text-sm ring-1 ring-slate-200">
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">For</dt>
          <dd className="font-medium text-slate-900">{preview.email}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Role</dt>
          <dd className="text-right">
            <RoleBadge role={preview.role} />
            <span className="mt-1 block text-xs text-slate-500">{ROLE_HINTS[preview.role]}</span>
          </dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-slate-500">Expires</dt>
          <dd className="text-slate-900">{formatDateTime(preview.expiresAt)}</dd>
        </div>
      </dl>
    </div>
  );
}
