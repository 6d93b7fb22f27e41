import type { Metadata } from 'next';
import { SinksPage } from '@/features/sinks/sinks-page';

export const metadata: Metadata = { title: 'Audit sinks' };

export default function Page() {
  return <SinksPage />;
}
