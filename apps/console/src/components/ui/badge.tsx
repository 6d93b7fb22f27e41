import type { Role } from '@portcullis/sdk';
import { ROLE_LABELS } from '@/lib/permissions';
import { cx } from './cx';

type Tone = 'gray' | 'indigo' | 'green' | 'amber' | 'red' | 'sky';

const TONES: Record<Tone, string> = {
  gray: 'bg-slate-100 text-slate-700 ring-slate-500/20',
  indigo: 'bg-indigo-50 text-indigo-700 ring-indigo-600/20',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-600/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20',
  red: 'bg-red-50 text-red-700 ring-red-600/20',
  sky: 'bg-sky-50 text-sky-700 ring-sky-600/20',
};

export function Badge({ tone = 'gray', children }: { tone?: Tone; children: React.ReactNode }) {
  return (
    <span
      className={cx(
        'inline-flex items-center rounded-md px-2 py-0.5 text-xs font-medium ring-1 ring-inset',
        TONES[tone],
      )}
    >
      {children}
    </span>
  );
}

const ROLE_TONES: Record<Role, Tone> = { owner: 'indigo', admin: 'sky', auditor: 'gray', member: 'green' };

export function RoleBadge({ role }: { role: Role }) {
  return <Badge tone={ROLE_TONES[role]}>{ROLE_LABELS[role]}</Badge>;
}

const STATUS_TONES: Record<string, Tone> = {
  active: 'green',
  pending: 'amber',
  accepted: 'green',
  expired: 'gray',
  revoked: 'red',
  disabled: 'gray',
  next: 'amber',
  retired: 'gray',
};

export function StatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={STATUS_TONES[status] ?? 'gray'}>{status.charAt(0).toUpperCase() + status.slice(1)}</Badge>
  );
}
