'use client';
import { useSession } from '@/lib/session';
import { cx } from '../ui/cx';
import { Logo } from './logo';
import { NavLink } from './nav-link';
import { TenantSwitcher } from './tenant-switcher';
import { UserMenu } from './user-menu';

const NAV = [
  { href: '/', label: 'Dashboard' },
  { href: '/servers', label: 'MCP servers' },
  { href: '/agents', label: 'Agents' },
  { href: '/clients', label: 'MCP clients' },
  { href: '/policies', label: 'Policies' },
  { href: '/audit', label: 'Audit trail' },
  { href: '/members', label: 'Members' },
  { href: '/api-tokens', label: 'API tokens' },
  { href: '/settings', label: 'Settings' },
  { href: '/connections', label: 'My connections' },
];
/** Members (the role) see only what is theirs: their connections. */
const MEMBER_NAV = [{ href: '/connections', label: 'My connections' }];

export function Sidebar({ open, onNavigate }: { open: boolean; onNavigate: () => void }) {
  const { tenant } = useSession();
  const nav = tenant?.role === 'member' ? MEMBER_NAV : NAV;
  return (
    <aside
      className={cx(
        'fixed inset-y-0 left-0 z-40 w-64 flex-col bg-slate-900 text-slate-300 md:flex',
        open ? 'flex' : 'hidden',
      )}
    >
      <div className="px-5 pt-5">
        <Logo dark />
      </div>
      <div className="px-3 pt-5">
        <TenantSwitcher />
      </div>
      <nav aria-label="Main" className="mt-6 flex-1 overflow-y-auto px-3">
        <ul className="space-y-1">
          {nav.map((item) => (
            <li key={item.href}>
              <NavLink href={item.href} onNavigate={onNavigate}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <div className="border-t border-slate-800 p-3">
        <UserMenu />
      </div>
    </aside>
  );
}
