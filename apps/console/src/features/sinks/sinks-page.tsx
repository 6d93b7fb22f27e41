'use client';
import { useState } from 'react';
import { auditSinkRoutes, type RouteResponse } from '@portcullis/sdk';
import { can } from '@/lib/permissions';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { OnceSecretPanel } from '@/components/ui/once-secret-panel';
import { PageHeader } from '@/components/ui/page-header';
import { ReadOnlyNotice } from '@/components/ui/read-only-notice';
import { LoadingBlock } from '@/components/ui/spinner';
import { AuditNav } from '../audit/audit-nav';
import { AddSinkForm } from './add-sink-form';
import { SinkCard } from './sink-card';

/** Where the trail goes besides the database: signed webhooks and JSON-lines files for SIEMs. */
export function SinksPage() {
  const { tenant } = useSession();
  const canManage = can(tenant?.role, auditSinkRoutes.create);
  const sinks = useRoute(auditSinkRoutes.list, {});
  const [adding, setAdding] = useState(false);
  const [created, setCreated] = useState<RouteResponse<typeof auditSinkRoutes.create>>();
  const items = sinks.data?.items ?? [];

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Sinks receive every new event (and each signed checkpoint) as it is recorded."
        action={canManage && !adding ? <Button onClick={() => setAdding(true)}>Add sink</Button> : undefined}
      />
      <AuditNav />
      {!canManage && (
        <ReadOnlyNotice>
          You are an auditor here: you can see the sinks and their deliveries, but not change them.
        </ReadOnlyNotice>
      )}
      <div className="space-y-6">
        {created?.signingSecret && (
          <OnceSecretPanel
            title={`Signing secret of ${created.sink.name}`}
            value={created.signingSecret}
            copyLabel="Copy secret"
            testId="sink-secret"
            onDismiss={() => setCreated(undefined)}
          >
            <p className="mt-1 text-sm text-amber-900">
              The receiver checks each body with it: HMAC-SHA-256 of <code className="font-mono">t.body</code>
              , in the Portcullis-Signature header.
            </p>
          </OnceSecretPanel>
        )}
        {adding && (
          <Card>
            <CardHeader title="Add a sink" />
            <CardBody>
              <AddSinkForm
                onCancel={() => setAdding(false)}
                onCreated={(c) => {
                  setAdding(false);
                  setCreated(c);
                  sinks.reload();
                }}
              />
            </CardBody>
          </Card>
        )}
        {sinks.loading && !sinks.data ? (
          <Card>
            <LoadingBlock />
          </Card>
        ) : sinks.error && !sinks.data ? (
          <Card>
            <ErrorState error={sinks.error} onRetry={sinks.reload} />
          </Card>
        ) : items.length === 0 ? (
          <Card>
            <EmptyState title="No sinks">
              {canManage
                ? 'Add a webhook to stream the trail to a SIEM as it is written.'
                : 'Owners and admins add sinks.'}
            </EmptyState>
          </Card>
        ) : (
          items.map((s) => <SinkCard key={s.id} sink={s} canManage={canManage} onChanged={sinks.reload} />)
        )}
      </div>
    </>
  );
}
