'use client';
import { peopleRoutes, tenantRoutes } from '@portcullis/sdk';
import { useCallback } from 'react';
import { can } from '@/lib/permissions';
import { useSession } from '@/lib/session';
import { useRoute } from '@/lib/use-resource';
import { PageHeader } from '@/components/ui/page-header';
import { ResourceState } from '@/components/ui/resource-state';
import { ConsentsCard } from '../connections/consents-card';
import { ClientsCard } from './clients-card';
import { RegistrationSettingsCard } from './registration-settings-card';

/** Admins' view of people's MCP clients: settings, registered clients, every member's consents. */
export function ClientsPage() {
  const { tenant } = useSession();
  const settings = useRoute(tenantRoutes.get, {});
  const clients = useRoute(peopleRoutes.clients, {});
  const consents = useRoute(peopleRoutes.consents, {});
  const canManage = can(tenant?.role, peopleRoutes.updateClient);
  const reloadAll = useCallback(() => {
    clients.reload();
    consents.reload();
  }, [clients, consents]);
  return (
    <>
      <PageHeader
        title="MCP clients"
        description="Members connect their own MCP clients (VS Code, Cursor, Claude, the MCP Inspector...) to the MCP servers through the gateway, within the grants of members on each server."
      />
      <div className="space-y-6">
        <ResourceState resource={settings}>
          {settings.data && (
            <RegistrationSettingsCard
              tenant={settings.data}
              canManage={can(tenant?.role, tenantRoutes.update)}
              onSaved={settings.reload}
            />
          )}
        </ResourceState>
        <ClientsCard clients={{ ...clients, reload: reloadAll }} canManage={canManage} />
        <ConsentsCard
          title="Consents"
          description="Which member allowed which client on which server. Revoking one ends that client's access for that member at once."
          consents={consents}
          scope="tenant"
          canRevoke={can(tenant?.role, peopleRoutes.revokeConsent)}
          empty="No member has connected an MCP client yet."
        />
      </div>
    </>
  );
}
