'use client';
import { can } from '@/lib/permissions';
import { useSession } from '@/lib/session';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { SessionsCard } from './sessions-card';
import { TenantCard } from './tenant-card';

export function SettingsPage() {
  const { tenant } = useSession();
  const canManage = can(tenant?.role, 'tenant.manage');
  return (
    <>
      <PageHeader title="Settings" description="This tenant's details, and where you are signed in." />
      {!canManage && <ReadOnlyNotice>Only owners can change the tenant's name and time zone.</ReadOnlyNotice>}
      <div className="space-y-6">
        <TenantCard canManage={canManage} />
        <SessionsCard />
      </div>
    </>
  );
}
