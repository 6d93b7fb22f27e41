import Link from 'next/link';
import { outcomeTone, type RecordedDecision } from '@/lib/audit-event';
import { Badge } from '@/components/ui/badge';
import { Table, Td, Th } from '@/components/ui/table';
import { kindLabel } from '../policies/policy-kinds';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The policy decision recorded with a call: which policies matched, in which mode, what each
 * said, and which detector fired at which JSON path. */
export function PolicyDecisionTable({ decision }: { decision: RecordedDecision }) {
  return (
    <div data-testid="policy-decision">
      <p className="mb-2 text-sm text-slate-700">
        Decision:{' '}
        {decision.outcome ? <Badge tone={outcomeTone(decision.outcome)}>{decision.outcome}</Badge> : '—'}
        {decision.deniedBy.length > 0 && (
          <span className="ml-2 text-xs text-slate-500">
            refused by {decision.deniedBy.length} {decision.deniedBy.length === 1 ? 'policy' : 'policies'}
          </span>
        )}
      </p>
      {decision.entries.length === 0 ? (
        <p className="text-sm text-slate-500">No policy matched this call.</p>
      ) : (
        <div className="rounded-md ring-1 ring-slate-200">
          <Table label="Policy decision">
            <thead className="bg-slate-50">
              <tr>
                <Th>Policy</Th>
                <Th>Mode</Th>
                <Th>Outcome</Th>
                <Th>Reason</Th>
                <Th>Detectors</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {decision.entries.map((e, i) => (
                <tr key={`${e.policyId ?? e.name}-${i}`}>
                  <Td className="max-w-[12rem]">
                    {e.policyId && UUID.test(e.policyId) ? (
                      <Link href={`/policies/${e.policyId}`} className="font-medium text-indigo-600 hover:text-indigo-500">
                        {e.name}
                      </Link>
                    ) : (
                      <span className="font-medium text-slate-900">{e.name}</span>
                    )}
                    {e.kind && <div className="text-xs text-slate-400">{kindLabel(e.kind)}</div>}
                  </Td>
                  <Td>{e.mode ? <Badge tone={e.mode === 'monitor' ? 'amber' : 'indigo'}>{e.mode}</Badge> : '—'}</Td>
                  <Td>
                    <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge>
                    {e.mode === 'monitor' && <div className="mt-0.5 text-[11px] text-slate-400">would have; not applied</div>}
                  </Td>
                  <Td className="max-w-xs text-xs">
                    {e.reason ?? '—'}
                    {e.storeFailure && <div className="mt-0.5 text-amber-700">Counter store failed: failed {e.storeFailure}</div>}
                  </Td>
                  <Td className="text-xs">
                    {e.findings.length === 0 ? (
                      <span className="text-slate-400">—</span>
                    ) : (
                      <ul className="space-y-0.5">
                        {e.findings.map((f, j) => (
                          <li key={j}>
                            <span className="font-medium">{f.detector}</span> at <code className="font-mono">{f.path}</code>
                            {f.action && <span className="text-slate-500"> · {f.action}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        </div>
      )}
    </div>
  );
}
