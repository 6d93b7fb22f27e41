'use client';
import { useSession } from '@/lib/session';
import { MyConnectionsPage } from '../connections/my-connections-page';
import { Dashboard } from './dashboard';

/** The console's first page: the dashboard, or for members (the role) their connections. */
export function Home() {
  const { tenant } = useSession();
  return tenant?.role === 'member' ? <MyConnectionsPage /> : <Dashboard />;
}
