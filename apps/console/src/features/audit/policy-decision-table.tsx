import Link from 'next/link';
import { outcomeTone, type RecordedDecision } from '@/lib/audit-event';
import { Badge } from '@/components/ui/badge';
import { cx } from '@/components/ui/cx';
import { Table, Td, Th } from '@/components/ui/table';
import { kindLabel } from '../policies/policy-kinds';
import { DecisionFindings } from './decision-findings';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A policy decision, recorded with a call or simulated: which policies matched, in which mode,
 * what each said, and which detector fired at which JSON path. */
export function PolicyDecisionTable({ decision }: { decision: RecordedDecision }) {
  return (
    <div data-testid="policy-decision">
      <p className="mb-2 flex flex-wrap items-center gap-2 text-sm text-slate-700">
        Decision:{' '}
        {decision.outcome ? <Badge tone={outcomeTone(decision.outcome)}>{decision.outcome}</Badge> : '—'}
        {decision.deniedBy.length > 0 && (
          <span className="text-xs text-slate-500">
            refused by {decision.deniedBy.length} enforced{' '}
            {decision.deniedBy.length === 1 ? 'policy' : 'policies'}
          </span>
        )}
      </p>
      {decision.entries.length === 0 ? (
        <p className="text-sm text-slate-500">No policy applies to this call.</p>
      ) : (
        <div className="overflow-hidden rounded-md ring-1 ring-slate-200">
          <Table label="Policy decision">
            <thead className="bg-slate-50">
              <tr>
                <Th>Policy</Th>
                <Th>Mode</Th>
                <Th>Outcome</Th>
                <Th>Reason</Th>
                <Th>Detectors and limits</Th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {decision.entries.map((e, i) => (
                <tr
                  key={`${e.policyId ?? e.name}-${i}`}
                  data-testid="decision-entry"
                  className={cx(e.matched === false && 'opacity-60')}
                >
                  <Td className="max-w-[14rem]">
                    {e.policyId && UUID.test(e.policyId) ? (
                      <Link
                        href={`/policies/${e.policyId}`}
                        className="font-medium text-indigo-600 hover:text-indigo-500"
                      >
                        {e.name}
                      </Link>
                    ) : (
                      <span className="font-medium text-slate-900">{e.name}</span>
                    )}
                    <div className="text-xs text-slate-400">
                      {e.kind ? kindLabel(e.kind) : null}
                      {e.matched === false && ' · does not cover this call'}
                    </div>
                  </Td>
                  <Td>
                    {e.mode ? <Badge tone={e.mode === 'monitor' ? 'amber' : 'indigo'}>{e.mode}</Badge> : '—'}
                  </Td>
                  <Td className="whitespace-nowrap">
                    <Badge tone={outcomeTone(e.outcome)}>{e.outcome}</Badge>
                    {e.mode === 'monitor' && e.outcome !== 'allow' && e.outcome !== 'skipped' && (
                      <div className="mt-0.5 text-[11px] text-slate-400">would have; not applied</div>
                    )}
                  </Td>
                  <Td className="max-w-xs text-xs">
                    {e.reason ?? '—'}
                    {e.storeFailure && (
                      <div className="mt-0.5 text-amber-700">
                        Counter store unreachable: failed {e.storeFailure}
                      </div>
                    )}
                  </Td>
                  <Td className="text-xs">
                    <DecisionFindings entry={e} />
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
