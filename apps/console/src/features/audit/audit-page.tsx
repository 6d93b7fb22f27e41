'use client';
import { agentRoutes, auditRoutes, serverRoutes } from '@portcullis/sdk';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo, useState } from 'react';
import { auditHref, filtersFromParams, hasFilters, type AuditFilters } from '@/lib/audit-query';
import { can } from '@/lib/permissions';
import type { ApiError } from '@/lib/problem';
import { useRoute } from '@/lib/use-resource';
import { useSession } from '@/lib/session';
import type { AuditEventView, AuditVerifyResult } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Card, CardBody } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { ErrorState } from '@/components/ui/error-state';
import { PageHeader } from '@/components/ui/page-header';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { LoadingBlock } from '@/components/ui/spinner';
import { AuditEventDrawer } from './audit-event-drawer';
import { AuditEventsTable } from './audit-events-table';
import { AuditNav } from './audit-nav';
import { AuditFiltersForm } from './audit-filters';
import { AuditToolbar } from './audit-toolbar';
import { LiveTailToggle } from './live-tail-toggle';
import { useActorNames } from './use-actor-names';
import { useAuditEvents } from './use-audit-events';
import { VerifyVerdict } from './verify-verdict';

export function AuditPage() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const query = params.toString();
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(query)), [query]);
  const { tenant } = useSession();
  const agents = useRoute(agentRoutes.list, {});
  const servers = useRoute(serverRoutes.list, {});
  const [live, setLive] = useState(false);
  const events = useAuditEvents(filters, live);
  const names = useActorNames();
  const [open, setOpen] = useState<AuditEventView>();
  const [verdict, setVerdict] = useState<AuditVerifyResult | ApiError>();
  const [notice, setNotice] = useState<string>();

  const apply = (f: AuditFilters) =>
    router.replace(auditHref(f).replace('/audit', pathname), { scroll: false });

  return (
    <>
      <PageHeader
        title="Audit trail"
        description="Every admin change, sign-in, token, gateway call and policy decision, in a hash chain nobody can quietly alter."
        action={
          <AuditToolbar
            filters={filters}
            canCheckpoint={can(tenant?.role, auditRoutes.checkpoint)}
            onVerified={setVerdict}
            onNotice={setNotice}
          />
        }
      />
      <AuditNav />
      <div className="space-y-6">
        {verdict &&
          ('ok' in verdict ? (
            <VerifyVerdict result={verdict} onDismiss={() => setVerdict(undefined)} />
          ) : (
            <ProblemBanner error={verdict} />
          ))}
        {notice && (
          <Banner
            tone="info"
            testId="checkpoint-notice"
            action={
              <button
                type="button"
                className="text-xs font-medium hover:underline"
                onClick={() => setNotice(undefined)}
              >
                Dismiss
              </button>
            }
          >
            {notice}
          </Banner>
        )}
        <Card>
          <CardBody>
            <AuditFiltersForm
              filters={filters}
              agents={agents.data?.items ?? []}
              servers={servers.data?.items ?? []}
              onApply={apply}
            />
          </CardBody>
        </Card>
        <Card>
          <div className="flex flex-wrap items-center justify-between gap-3 border-b border-slate-200 px-5 py-3">
            <p className="text-sm text-slate-500" data-testid="audit-count">
              {events.loading && events.items.length === 0
                ? 'Loading…'
                : `${events.items.length}${events.hasMore ? '+' : ''} ${events.items.length === 1 ? 'event' : 'events'}, newest first`}
            </p>
            <LiveTailToggle live={live} onChange={setLive} failing={!!events.tailError} />
          </div>
          {events.loading && events.items.length === 0 ? (
            <LoadingBlock />
          ) : events.error && events.items.length === 0 ? (
            <ErrorState error={events.error} onRetry={events.reload} />
          ) : events.items.length === 0 ? (
            <EmptyState title={hasFilters(filters) ? 'No events match these filters' : 'No events yet'}>
              {hasFilters(filters)
                ? 'Widen the time range or clear a filter.'
                : 'Admin changes, tokens and gateway calls are recorded here as they happen.'}
            </EmptyState>
          ) : (
            <>
              <AuditEventsTable
                items={events.items}
                fresh={events.fresh}
                selectedId={open?.id}
                names={names}
                onOpen={setOpen}
              />
              <div className="flex items-center justify-center gap-3 border-t border-slate-200 px-5 py-3">
                {events.error && <span className="text-sm text-red-600">{events.error.detail}</span>}
                {events.hasMore ? (
                  <Button
                    variant="secondary"
                    size="sm"
                    loading={events.loadingMore}
                    onClick={events.loadMore}
                  >
                    Load older events
                  </Button>
                ) : (
                  <span className="text-xs text-slate-400">The oldest matching event is listed.</span>
                )}
              </div>
            </>
          )}
        </Card>
      </div>
      {open && <AuditEventDrawer event={open} names={names} onClose={() => setOpen(undefined)} />}
    </>
  );
}
