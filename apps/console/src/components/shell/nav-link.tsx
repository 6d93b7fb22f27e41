'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cx } from '../ui/cx';

export function NavLink({
  href,
  children,
  onNavigate,
}: {
  href: string;
  children: React.ReactNode;
  onNavigate?: () => void;
}) {
  const pathname = usePathname();
  const active = href === '/' ? pathname === '/' : pathname.startsWith(href);
  return (
    <Link
      href={href}
      onClick={onNavigate}
      aria-current={active ? 'page' : undefined}
      className={cx(
        'block rounded-md px-3 py-2 text-sm font-medium transition-colors',
        active ? 'bg-slate-800 text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white',
      )}
    >
      {children}
    </Link>
  );
}
