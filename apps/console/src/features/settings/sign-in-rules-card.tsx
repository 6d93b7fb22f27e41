'use client';
import { tenantRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { useRoute } from '@/lib/use-resource';
import type { TenantSecurity } from '@portcullis/sdk';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { ResourceState } from '@/components/ui/resource-state';
import { Toggle } from '@/components/ui/toggle';

const update = (body: TenantSecurity) => call(tenantRoutes.updateSecurity, { body });

/** The tenant's sign-in rules: owners may require a second factor of every member. */
export function SignInRulesCard({ canManage }: { canManage: boolean }) {
  const security = useRoute(tenantRoutes.security, {});
  const action = useAction(update);

  async function set(requireSecondFactor: boolean) {
    if ((await action.run({ requireSecondFactor })).ok) security.reload();
  }

  return (
    <Card>
      <CardHeader
        title="Sign-in rules"
        description="Applies to every member of this tenant, owners included."
      />
      <CardBody className="space-y-3">
        <ProblemBanner error={action.error} />
        <ResourceState resource={security}>
          {security.data && (
            <div className="flex items-start justify-between gap-6">
              <div>
                <p className="text-sm font-medium text-slate-900">Require a second factor</p>
                <p className="mt-1 text-sm text-slate-500">
                  Members must sign in with an authenticator app or a passkey to act here. Those without one
                  are sent to set one up.
                </p>
              </div>
              <Toggle
                label="Require a second factor"
                checked={security.data.requireSecondFactor}
                disabled={!canManage || action.pending}
                onChange={set}
              />
            </div>
          )}
        </ResourceState>
      </CardBody>
    </Card>
  );
}
