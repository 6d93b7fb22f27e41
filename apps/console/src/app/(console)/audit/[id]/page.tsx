import type { Metadata } from 'next';
import { AuditEventPage } from '@/features/audit/audit-event-page';

export const metadata: Metadata = { title: 'Audit event' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <AuditEventPage id={id} />;
}
