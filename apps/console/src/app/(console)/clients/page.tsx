import type { Metadata } from 'next';
import { ClientsPage } from '@/features/clients/clients-page';

export const metadata: Metadata = { title: 'MCP clients' };

export default function Page() {
  return <ClientsPage />;
}
