'use client';
import { signingKeyRoutes, ssoRoutes, tenantRoutes } from '@portcullis/sdk';
import { can } from '@/lib/permissions';
import { useSession } from '@/lib/session';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { SessionsCard } from './sessions-card';
import { SignInRulesCard } from './sign-in-rules-card';
import { SsoCard } from './sso-card';
import { SigningKeysCard } from './signing-keys-card';
import { TenantCard } from './tenant-card';

export function SettingsPage() {
  const { tenant } = useSession();
  const canManage = can(tenant?.role, tenantRoutes.update);
  const canRotate = can(tenant?.role, signingKeyRoutes.rotate);
  return (
    <>
      <PageHeader
        title="Settings"
        description="This tenant's details, its token signing keys, and where you are signed in."
      />
      {!canManage && (
        <ReadOnlyNotice>
          {canRotate
            ? "Only owners can change the tenant's name and time zone."
            : 'You are an auditor here: you can see the tenant and its signing keys, but not change them.'}
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        <TenantCard canManage={canManage} />
        <SignInRulesCard canManage={can(tenant?.role, tenantRoutes.updateSecurity)} />
        <SsoCard canManage={can(tenant?.role, ssoRoutes.put)} />
        <SigningKeysCard canManage={canRotate} />
        <SessionsCard />
      </div>
    </>
  );
}
