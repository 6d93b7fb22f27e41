'use client';
import { useCallback, useRef, useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { ROLE_LABELS } from '@/lib/permissions';
import { useSession } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import { cx } from '../ui/cx';
import { ProblemBanner } from '../ui/problem-banner';
import { CreateTenantDialog } from './create-tenant-dialog';
import { useDismiss } from './use-dismiss';

const switchTenant = (tenantId: string) => call(authRoutes.switchTenant, { body: { tenantId } });

export function TenantSwitcher() {
  const { session, tenant, replace } = useSession();
  const [open, setOpen] = useState(false);
  const [creating, setCreating] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  const action = useAction(switchTenant);

  async function choose(id: string) {
    if (id === tenant?.id) return setOpen(false);
    const result = await action.run(id);
    if (!result.ok) return;
    replace(result.value);
    setOpen(false);
  }

  return (
    <div ref={ref} className="relative">
      <button
        type="button"
        data-testid="tenant-switcher"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center justify-between gap-2 rounded-md bg-slate-800 px-3 py-2 text-left ring-1 ring-slate-700 hover:bg-slate-700/70"
      >
        <span className="min-w-0">
          <span className="block text-[10px] font-semibold uppercase tracking-wider text-slate-400">
            Tenant
          </span>
          <span className="block truncate text-sm font-medium text-white">
            {tenant?.name ?? 'No tenant selected'}
          </span>
        </span>
        <svg
          viewBox="0 0 20 20"
          className="size-4 shrink-0 text-slate-400"
          fill="currentColor"
          aria-hidden="true"
        >
          <path d="M10 3l4 5H6l4-5zm0 14l-4-5h8l-4 5z" />
        </svg>
      </button>
      {open && (
        <div
          role="menu"
          className="absolute inset-x-0 z-50 mt-2 overflow-hidden rounded-md bg-white py-1 text-slate-700 shadow-lg ring-1 ring-slate-200"
        >
          <p className="px-3 py-1.5 text-xs font-semibold text-slate-400">Your tenants</p>
          {session.tenants.map((t) => (
            <button
              key={t.id}
              type="button"
              role="menuitemradio"
              aria-checked={t.id === tenant?.id}
              disabled={action.pending}
              onClick={() => choose(t.id)}
              className={cx(
                'flex w-full items-center justify-between gap-2 px-3 py-2 text-left text-sm hover:bg-slate-50',
                t.id === tenant?.id && 'font-semibold text-indigo-700',
              )}
            >
              <span className="truncate">{t.name}</span>
              <span className="shrink-0 text-xs font-normal text-slate-400">{ROLE_LABELS[t.role]}</span>
            </button>
          ))}
          {action.error && (
            <div className="px-3 py-2">
              <ProblemBanner error={action.error} />
            </div>
          )}
          <div className="my-1 border-t border-slate-100" />
          <button
            type="button"
            role="menuitem"
            onClick={() => {
              setOpen(false);
              setCreating(true);
            }}
            className="w-full px-3 py-2 text-left text-sm font-medium text-indigo-600 hover:bg-slate-50"
          >
            + Create tenant
          </button>
        </div>
      )}
      {creating && <CreateTenantDialog onClose={() => setCreating(false)} />}
    </div>
  );
}
