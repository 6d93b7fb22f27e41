import type { Metadata } from 'next';
import { BacktestPage } from '@/features/policies/backtest-page';

export const metadata: Metadata = { title: 'Policy back-test' };

export default function Page() {
  return <BacktestPage />;
}
