import Link from 'next/link';
import { outcomeTone } from '@/lib/audit-event';
import { formatTimestamp } from '@/lib/format';
import type { BacktestResult } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Td, Th } from '@/components/ui/table';
import { BacktestCount as Count } from './backtest-count';
import { agentName, type Directory } from './names';

/** What the draft would have changed over the recorded calls of the period. */
export function BacktestResultView({ result, directory }: { result: BacktestResult; directory: Directory }) {
  return (
    <div className="space-y-4" data-testid="backtest-result">
      <div className="grid gap-3 sm:grid-cols-4">
        <Count
          label="Calls evaluated"
          value={result.evaluated}
          tone="text-slate-900"
          testId="backtest-evaluated"
        />
        <Count
          label="Would deny"
          value={result.wouldDeny}
          tone={result.wouldDeny ? 'text-red-700' : 'text-slate-900'}
          testId="backtest-deny"
        />
        <Count
          label="Would redact"
          value={result.wouldRedact}
          tone={result.wouldRedact ? 'text-sky-700' : 'text-slate-900'}
          testId="backtest-redact"
        />
        <Count
          label="Would flag"
          value={result.wouldFlag}
          tone={result.wouldFlag ? 'text-amber-700' : 'text-slate-900'}
          testId="backtest-flag"
        />
      </div>
      {result.note && (
        <p className="text-xs text-slate-500" data-testid="backtest-note">
          {result.note}
        </p>
      )}
      {result.byReason.length > 0 && (
        <section>
          <h4 className="mb-1 text-sm font-semibold text-slate-900">By reason</h4>
          <ul className="space-y-1 text-sm">
            {result.byReason.map((r) => (
              <li key={r.reason} className="flex justify-between gap-3 rounded bg-slate-50 px-3 py-1.5">
                <span className="text-slate-700">{r.reason}</span>
                <span className="font-semibold tabular-nums">{r.count}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section>
        <h4 className="mb-1 text-sm font-semibold text-slate-900">Sample calls it would have changed</h4>
        {result.samples.length === 0 ? (
          <div className="rounded-md ring-1 ring-slate-200">
            <EmptyState title="None">
              No recorded call of this period would have been treated differently.
            </EmptyState>
          </div>
        ) : (
          <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
            <Table label="Back-test samples">
              <thead className="bg-slate-50">
                <tr>
                  <Th>Event</Th>
                  <Th>Time</Th>
                  <Th>Agent</Th>
                  <Th>Tool</Th>
                  <Th>Would</Th>
                  <Th>Reason</Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {result.samples.map((s) => (
                  <tr key={s.eventId} data-testid="backtest-sample">
                    <Td>
                      <Link
                        href={`/audit/${s.eventId}`}
                        className="font-mono text-xs font-medium text-indigo-600 hover:text-indigo-500"
                      >
                        #{s.seq}
                      </Link>
                    </Td>
                    <Td className="whitespace-nowrap text-xs text-slate-500">{formatTimestamp(s.time)}</Td>
                    <Td>{agentName(directory, s.agentId)}</Td>
                    <Td className="font-mono text-xs">{s.tool ?? '—'}</Td>
                    <Td>
                      <Badge tone={outcomeTone(s.outcome)}>{s.outcome}</Badge>
                    </Td>
                    <Td className="max-w-xs text-xs">{s.reason}</Td>
                  </tr>
                ))}
              </tbody>
            </Table>
          </div>
        )}
      </section>
    </div>
  );
}
