'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useCallback, useRef, useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call, setCsrfToken } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import { useDismiss } from './use-dismiss';

const signOut = () => call(authRoutes.signOut, {});

function initials(name: string): string {
  const parts = name.trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] ?? '?') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase();
}

export function UserMenu() {
  const router = useRouter();
  const { session } = useSession();
  const [open, setOpen] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(ref, open, close);
  const action = useAction(signOut);

  async function onSignOut() {
    const result = await action.run();
    // A session that already ended server-side is as good as signed out.
    if (!result.ok && result.error.status !== 401) return;
    setCsrfToken(undefined);
    router.replace('/signin');
  }

  return (
    <div ref={ref} className="relative">
      {open && (
        <div
          role="menu"
          className="absolute inset-x-0 bottom-full z-50 mb-2 rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200"
        >
          <Link
            role="menuitem"
            href="/settings"
            onClick={close}
            className="block px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
          >
            Settings &amp; sessions
          </Link>
          <Link
            role="menuitem"
            href="/security"
            onClick={close}
            className="block px-3 py-2 text-sm text-slate-700 hover:bg-slate-50"
          >
            Security
          </Link>
          <button
            type="button"
            role="menuitem"
            onClick={onSignOut}
            disabled={action.pending}
            className="block w-full px-3 py-2 text-left text-sm text-slate-700 hover:bg-slate-50"
          >
            {action.pending ? 'Signing out…' : 'Sign out'}
          </button>
          {action.error && <p className="px-3 py-1 text-xs text-red-600">{action.error.detail}</p>}
        </div>
      )}
      <button
        type="button"
        data-testid="user-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full items-center gap-3 rounded-md px-2 py-2 text-left hover:bg-slate-800"
      >
        <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-indigo-500 text-xs font-semibold text-white">
          {initials(session.user.name)}
        </span>
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium text-white">{session.user.name}</span>
          <span className="block truncate text-xs text-slate-400">{session.user.email}</span>
        </span>
      </button>
    </div>
  );
}
