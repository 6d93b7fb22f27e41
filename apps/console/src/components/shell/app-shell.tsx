'use client';
import { useState } from 'react';
import { useSession } from '@/lib/session';
import { Logo } from './logo';
import { Sidebar } from './sidebar';
import { NoTenant } from './no-tenant';

export function AppShell({ children }: { children: React.ReactNode }) {
  const { tenant } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  return (
    <div className="min-h-screen">
      <div className="sticky top-0 z-30 flex items-center justify-between bg-slate-900 px-4 py-3 md:hidden">
        <Logo dark />
        <button
          type="button"
          className="rounded-md px-2 py-1 text-sm font-medium text-slate-200 ring-1 ring-slate-700"
          aria-expanded={menuOpen}
          onClick={() => setMenuOpen((o) => !o)}
        >
          Menu
        </button>
      </div>
      {menuOpen && (
        <div
          className="fixed inset-0 z-30 bg-slate-900/40 md:hidden"
          aria-hidden="true"
          onClick={() => setMenuOpen(false)}
        />
      )}
      <Sidebar open={menuOpen} onNavigate={() => setMenuOpen(false)} />
      <div className="md:pl-64">
        {/* Keyed by tenant: switching tenants remounts the page, so its data is fetched afresh. */}
        <main key={tenant?.id ?? 'none'} className="mx-auto max-w-6xl px-4 py-8 sm:px-6 lg:px-8">
          {tenant ? children : <NoTenant />}
        </main>
      </div>
    </div>
  );
}
