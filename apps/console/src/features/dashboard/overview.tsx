'use client';
import { useState } from 'react';
import { auditRoutes } from '@portcullis/sdk';
import { auditHref } from '@/lib/audit-query';
import { fillSeries, formatLatency, periodWindow, type Period } from '@/lib/stats-series';
import { useRoute } from '@/lib/use-resource';
import { Button } from '@/components/ui/button';
import { Card, CardHeader } from '@/components/ui/card';
import { ErrorState } from '@/components/ui/error-state';
import { LoadingBlock } from '@/components/ui/spinner';
import { ActivityChart } from './activity-chart';
import { PeriodSelect } from './period-select';
import { RankedBars } from './ranked-bars';
import { StatCard } from './stat-card';

const fmt = new Intl.NumberFormat('en');

/** The tenant's activity over a period: tokens, calls, refusals, tools, latency; every number
 * links into the audit trail, filtered to the events it counts. */
export function Overview() {
  const [period, setPeriod] = useState<Period>('24h');
  // The window is fixed when chosen (a query that changed on every render would refetch forever).
  const [window, setWindow] = useState(() => periodWindow('24h', new Date()));
  const choose = (p: Period) => {
    setPeriod(p);
    setWindow(periodWindow(p, new Date()));
  };
  const stats = useRoute(auditRoutes.stats, { query: { from: window.from, to: window.to } });
  const s = stats.data;
  const range = period;

  return (
    <section aria-labelledby="overview-heading">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-3">
        <h2 id="overview-heading" className="text-sm font-semibold text-slate-900">
          Activity
        </h2>
        <div className="flex items-center gap-2">
          <Button variant="ghost" size="sm" onClick={() => choose(period)} loading={stats.loading && !!s}>
            Refresh
          </Button>
          <PeriodSelect value={period} onChange={choose} />
        </div>
      </div>
      {stats.loading && !s ? (
        <Card>
          <LoadingBlock />
        </Card>
      ) : stats.error && !s ? (
        <Card>
          <ErrorState error={stats.error} onRetry={stats.reload} />
        </Card>
      ) : s ? (
        <div className="space-y-4">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
            <StatCard
              label="Gateway calls"
              testId="stat-gateway-calls"
              value={fmt.format(s.gatewayCalls)}
              sub="Every JSON-RPC request through the gateway"
              href={auditHref({ range, action: 'gateway.call' })}
            />
            <StatCard
              label="Tokens issued"
              testId="stat-tokens-issued"
              value={fmt.format(s.tokensIssued)}
              sub="Access tokens for agents"
              href={auditHref({ range, action: 'token.issued' })}
            />
            <StatCard
              label="Tokens refused"
              testId="stat-tokens-denied"
              value={fmt.format(s.tokensDenied)}
              tone={s.tokensDenied > 0 ? 'danger' : 'default'}
              sub="Bad credentials, disabled agents, policies"
              href={auditHref({ range, action: 'token.denied' })}
            />
            <StatCard
              label="Gateway latency"
              testId="stat-latency"
              value={
                <span className="text-2xl">
                  {formatLatency(s.latencyMs.p50)}{' '}
                  <span className="text-base font-normal text-slate-400">p50</span>
                </span>
              }
              sub={`p95 ${formatLatency(s.latencyMs.p95)} · successful calls, gateway included`}
              href={auditHref({ range, action: 'gateway.call', outcome: 'success' })}
            />
          </div>
          <Card>
            <CardHeader title="Over time" description="Click a bar to see that hour's (or day's) events." />
            <div className="px-3 pb-3 pt-4">
              <ActivityChart points={fillSeries(s.series, s.from, s.to)} />
            </div>
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader title="Refusals by reason" description="Denied and failed calls and tokens." />
              <RankedBars
                label="Refusals by reason"
                tone="red"
                empty="Nothing was refused in this period."
                items={s.refusalsByReason.map((r) => ({
                  key: r.reason,
                  label: r.reason,
                  title: r.reason,
                  count: r.count,
                  href: auditHref(
                    r.reason === 'unspecified' ? { range, outcome: 'denied' } : { range, q: r.reason },
                  ),
                }))}
              />
            </Card>
            <Card>
              <CardHeader title="Top tools" description="The most called tools." />
              <RankedBars
                label="Top tools"
                tone="indigo"
                empty="No tool was called in this period."
                items={s.topTools.map((t) => ({
                  key: t.tool,
                  label: <span className="font-mono text-xs">{t.tool}</span>,
                  count: t.count,
                  href: auditHref({ range, action: 'gateway.call', tool: t.tool }),
                }))}
              />
            </Card>
          </div>
        </div>
      ) : null}
    </section>
  );
}
