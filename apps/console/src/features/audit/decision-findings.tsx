import type { DecisionEntry } from '@/lib/audit-event';

/** What fired for one policy: detectors at JSON paths, or the counter of a limit. */
export function DecisionFindings({ entry }: { entry: DecisionEntry }) {
  const { findings, limit } = entry;
  if (findings.length === 0 && !limit) return <span className="text-slate-400">—</span>;
  return (
    <ul className="space-y-0.5">
      {findings.map((f, j) => (
        <li key={j} data-testid="finding">
          <span className="font-medium text-slate-800">
            {f.label && f.label !== f.detector ? `${f.detector} (${f.label})` : f.detector}
          </span>{' '}
          at <code className="font-mono text-slate-800">{f.path}</code>
          {f.action && <span className="text-slate-500"> · {f.action}</span>}
          {f.hint && <span className="ml-1 font-mono text-slate-400">{f.hint}</span>}
        </li>
      ))}
      {limit && (
        <li>
          {limit.remaining !== undefined
            ? `${limit.remaining} of ${limit.limit} left`
            : `limit ${limit.limit}`}
          {limit.windowSec !== undefined && ` per ${limit.windowSec} s`}
          {!!limit.retryAfterSec && (
            <span className="text-slate-500"> · retry after {limit.retryAfterSec} s</span>
          )}
        </li>
      )}
    </ul>
  );
}
