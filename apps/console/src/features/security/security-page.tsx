'use client';
import { secondFactorRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { PageHeader } from '@/components/ui/page-header';
import { ResourceState } from '@/components/ui/resource-state';
import { ChangePasswordCard } from './change-password-card';
import { PasskeysCard } from './passkeys-card';
import { TotpCard } from './totp-card';

/** The signed-in person's own sign-in methods (not the tenant's settings). */
export function SecurityPage() {
  const factors = useRoute(secondFactorRoutes.overview, {});
  return (
    <>
      <PageHeader title="Security" description="How you sign in: your password and your second factors." />
      <div className="space-y-6">
        <ChangePasswordCard />
        <ResourceState resource={factors}>
          {factors.data && (
            <>
              <TotpCard factors={factors.data} onChange={factors.reload} />
              <PasskeysCard factors={factors.data} onChange={factors.reload} />
            </>
          )}
        </ResourceState>
      </div>
    </>
  );
}
