import { Home } from '@/features/dashboard/home';

export default function DashboardPage() {
  return <Home />;
}
