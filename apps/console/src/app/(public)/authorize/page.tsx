import type { Metadata } from 'next';
import { ConsentPage } from '@/features/consent/consent-page';

export const metadata: Metadata = { title: 'Allow access', referrer: 'no-referrer' };

export default function AuthorizePage() {
  return <ConsentPage />;
}
