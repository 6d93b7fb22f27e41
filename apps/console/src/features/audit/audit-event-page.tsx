'use client';
import Link from 'next/link';
import { auditRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { Card, CardBody } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { LoadingBlock } from '@/components/ui/spinner';
import { AuditEventDetail } from './audit-event-detail';
import { useActorNames } from './use-actor-names';

export function AuditEventPage({ id }: { id: string }) {
  const event = useRoute(auditRoutes.event, { params: { id } });
  const e = event.data;
  const names = useActorNames();
  return (
    <>
      <Link href="/audit" className="text-sm font-medium text-slate-500 hover:text-slate-800">
        ← Audit trail
      </Link>
      {event.loading && !e ? (
        <LoadingBlock />
      ) : event.error && !e ? (
        <Card>
          {event.error.status === 404 ? (
            <EmptyState title="Event not found">
              It is not in this tenant&apos;s trail, or retention removed it.
            </EmptyState>
          ) : (
            <ErrorState error={event.error} onRetry={event.reload} />
          )}
        </Card>
      ) : e ? (
        <>
          <PageHeader title={`Event #${e.seq}`} description={<span className="font-mono">{e.action}</span>} />
          <Card>
            <CardBody>
              <AuditEventDetail event={e} names={names} />
            </CardBody>
          </Card>
        </>
      ) : null}
    </>
  );
}
