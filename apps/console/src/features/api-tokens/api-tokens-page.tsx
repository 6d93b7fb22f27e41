'use client';
import { apiTokenRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import type { CreatedApiToken } from '@portcullis/sdk';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { CreateTokenForm } from './create-token-form';
import { NewTokenPanel } from './new-token-panel';
import { TokensCard } from './tokens-card';

export function ApiTokensPage() {
  const { tenant } = useSession();
  const canManage = can(tenant?.role, apiTokenRoutes.create);
  const tokens = useRoute(apiTokenRoutes.list, {});
  const [created, setCreated] = useState<CreatedApiToken>();

  return (
    <>
      <PageHeader
        title="API tokens"
        description="Tokens let scripts and CI call the Portcullis API as this tenant. Send one as Authorization: Bearer <token>."
      />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see the tokens, but not create or revoke them.
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        {created && <NewTokenPanel created={created} onDismiss={() => setCreated(undefined)} />}
        {canManage && (
          <CreateTokenForm
            onCreated={(c) => {
              setCreated(c);
              tokens.reload();
            }}
          />
        )}
        <TokensCard resource={tokens} canManage={canManage} />
      </div>
    </>
  );
}
