'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui/cx';

const LINKS = [
  { href: '/policies', label: 'Policies' },
  { href: '/policies/simulate', label: 'Simulator' },
  { href: '/policies/backtest', label: 'Back-test' },
];

/** The policy pages' tabs: each is its own URL, so a simulation can be linked to. */
export function PoliciesNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Policies" className="mb-6 flex gap-1 border-b border-slate-200">
      {LINKS.map((l) => {
        const active = l.href === '/policies' ? pathname === '/policies' : pathname.startsWith(l.href);
        return (
          <Link
            key={l.href}
            href={l.href}
            aria-current={active ? 'page' : undefined}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium transition-colors',
              active
                ? 'border-indigo-600 text-indigo-700'
                : 'border-transparent text-slate-500 hover:text-slate-800',
            )}
          >
            {l.label}
          </Link>
        );
      })}
    </nav>
  );
}
