'use client';
import { useState } from 'react';
import { policyRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { fromLocalInput } from '@/lib/audit-query';
import { PERIODS, periodWindow, type Period } from '@/lib/stats-series';
import { useLongWork } from '@/lib/long-work';
import type { BacktestRequest, BacktestResult, PolicyDraft } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { ProgressBar } from '@/components/ui/progress-bar';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { BacktestResultView } from './backtest-result';
import type { Directory } from './names';

const backtest = (body: BacktestRequest) => call(policyRoutes.backtest, { body });

const CHOICES = [
  ...PERIODS.map((p) => ({
    value: p.value,
    label: { '24h': 'Last 24 hours', '7d': 'Last 7 days', '30d': 'Last 30 days' }[p.value],
  })),
  { value: 'custom', label: 'Custom range…' },
];

/** Runs a draft over the tenant's recorded calls of a period: what it would have blocked,
 * redacted or flagged, before it is switched on. */
export function BacktestPanel({
  draft,
  directory,
}: {
  draft: PolicyDraft | undefined;
  directory: Directory;
}) {
  const [period, setPeriod] = useState<Period | 'custom'>('7d');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [result, setResult] = useState<BacktestResult>();
  const action = useLongWork(backtest);
  const custom = period === 'custom';
  const range = custom
    ? { from: fromLocalInput(from), to: fromLocalInput(to) ?? new Date().toISOString() }
    : undefined;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!draft) return;
    const window = custom ? range! : periodWindow(period, new Date());
    if (!window.from) return;
    const r = await action.run({ draft, from: window.from, to: window.to });
    setResult(r.ok ? r.value : undefined);
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate aria-label="Back-test" className="flex flex-wrap items-end gap-4">
        <div className="w-48">
          <SelectField
            label="Period"
            name="backtest-period"
            value={period}
            options={CHOICES}
            onChange={(e) => setPeriod(e.target.value as Period | 'custom')}
          />
        </div>
        {custom && (
          <>
            <div className="w-56">
              <TextField
                label="From"
                name="backtest-from"
                type="datetime-local"
                value={from}
                error={action.error?.fieldErrors.from}
                onChange={(e) => setFrom(e.target.value)}
              />
            </div>
            <div className="w-56">
              <TextField
                label="To"
                name="backtest-to"
                type="datetime-local"
                value={to}
                hint="Empty: now."
                error={action.error?.fieldErrors.to}
                onChange={(e) => setTo(e.target.value)}
              />
            </div>
          </>
        )}
        <Button type="submit" loading={action.pending} disabled={!draft || (custom && !range?.from)}>
          Run back-test
        </Button>
        {action.progress && (
          <div className="flex items-center gap-3">
            <ProgressBar
              testId="backtest-progress"
              done={action.progress.done}
              total={action.progress.total}
              unit="calls"
            />
            <Button
              type="button"
              variant="ghost"
              size="sm"
              loading={action.cancelling}
              onClick={action.cancel}
            >
              Cancel back-test
            </Button>
          </div>
        )}
      </form>
      <ProblemBanner error={action.error} />
      {result && <BacktestResultView result={result} directory={directory} />}
    </div>
  );
}
