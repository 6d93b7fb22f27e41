import type { Metadata } from 'next';
import { MyConnectionsPage } from '@/features/connections/my-connections-page';

export const metadata: Metadata = { title: 'My connections' };

export default function Page() {
  return <MyConnectionsPage />;
}
