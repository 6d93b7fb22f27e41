'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '@/components/ui/cx';

const LINKS = [
  { href: '/audit', label: 'Events' },
  { href: '/audit/sinks', label: 'Sinks' },
];

/** The audit pages' tabs: the explorer and where the trail is sent. */
export function AuditNav() {
  const pathname = usePathname();
  return (
    <nav aria-label="Audit" className="mb-6 flex gap-1 border-b border-slate-200">
      {LINKS.map((l) => {
        const active = l.href === '/audit' ? pathname !== '/audit/sinks' : pathname.startsWith(l.href);
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
