import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '@/components/ui/spinner';
import { AuditPage } from '@/features/audit/audit-page';

export const metadata: Metadata = { title: 'Audit trail' };

export default function Page() {
  // The filters live in the URL (useSearchParams): read on the client, behind a boundary.
  return (
    <Suspense fallback={<LoadingBlock />}>
      <AuditPage />
    </Suspense>
  );
}
