'use client';
import { memberRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import type { CreatedInvitation } from '@portcullis/sdk';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { InviteForm } from './invite-form';
import { InvitationLinkPanel } from './invitation-link-panel';
import { InvitationsCard } from './invitations-card';
import { MembersCard } from './members-card';

export function MembersPage() {
  const { tenant, session } = useSession();
  const canManage = can(tenant?.role, memberRoutes.invite);
  const members = useRoute(memberRoutes.list, {});
  const invitations = useRoute(memberRoutes.invitations, {});
  const [created, setCreated] = useState<CreatedInvitation>();

  return (
    <>
      <PageHeader title="Members" description={`People with access to ${tenant?.name ?? 'this tenant'}.`} />
      {!canManage && (
        <ReadOnlyNotice>
          You are {tenant?.role === 'auditor' ? 'an auditor' : 'an admin'} here: you can see members and
          invitations, but only owners can invite people, change roles or remove members.
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        {canManage && (
          <>
            <InviteForm
              onCreated={(c) => {
                setCreated(c);
                invitations.reload();
              }}
            />
            {created && <InvitationLinkPanel created={created} onDismiss={() => setCreated(undefined)} />}
          </>
        )}
        <MembersCard resource={members} canManage={canManage} currentUserId={session.user.id} />
        <InvitationsCard resource={invitations} canManage={canManage} />
      </div>
    </>
  );
}
