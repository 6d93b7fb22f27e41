import type { Metadata } from 'next';
import { ApiTokensPage } from '@/features/api-tokens/api-tokens-page';

export const metadata: Metadata = { title: 'API tokens' };

export default function Page() {
  return <ApiTokensPage />;
}
