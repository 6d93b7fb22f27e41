import type { Metadata } from 'next';
import { Suspense } from 'react';
import { LoadingBlock } from '@/components/ui/spinner';
import { ConsentPage } from '@/features/consent/consent-page';

export const metadata: Metadata = { title: 'Allow access', referrer: 'no-referrer' };

export default function AuthorizePage() {
  return (
    <Suspense fallback={<LoadingBlock label="Loading the request…" />}>
      <ConsentPage />
    </Suspense>
  );
}
