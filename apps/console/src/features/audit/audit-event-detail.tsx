import Link from 'next/link';
import { outcomeTone, recordedDecision, type ActorNames } from '@/lib/audit-event';
import { formatTimestamp } from '@/lib/format';
import { auditHref } from '@/lib/audit-query';
import type { AuditEventView } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { CodeBlock } from '@/components/ui/code-block';
import { DetailList, type Detail } from '@/components/ui/detail-list';
import { PolicyDecisionTable } from './policy-decision-table';

function party(p: { type: string; id: string; label?: string }, href?: string) {
  return (
    <span className="block min-w-0">
      {href ? (
        <Link href={href} className="font-medium text-indigo-600 hover:text-indigo-500">
          {p.label ?? p.id}
        </Link>
      ) : (
        <span className="font-medium">{p.label ?? p.id}</span>
      )}
      <span className="block break-all font-mono text-xs text-slate-500">
        {p.type} · {p.id}
      </span>
    </span>
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGES: Record<string, string> = { agent: '/agents', server: '/servers', policy: '/policies' };
const pageOf = (p: { type: string; id: string }) =>
  PAGES[p.type] && UUID.test(p.id) ? `${PAGES[p.type]}/${p.id}` : undefined;

/** Everything an event records: who, what, on what, the outcome and why, the policy decision,
 * the details, and its place in the hash chain. */
export function AuditEventDetail({ event, names }: { event: AuditEventView; names?: ActorNames }) {
  const decision = recordedDecision(event.details);
  const items: Detail[] = [
    { label: 'Sequence', value: <span className="font-mono">#{event.seq}</span> },
    { label: 'Time', value: <span title={event.time}>{formatTimestamp(event.time)}</span> },
    { label: 'Action', value: <span className="font-mono">{event.action}</span> },
    { label: 'Outcome', value: <Badge tone={outcomeTone(event.outcome)}>{event.outcome}</Badge> },
    {
      label: 'Actor',
      value: party(
        { ...event.actor, label: event.actor.label ?? names?.get(event.actor.id) },
        pageOf(event.actor),
      ),
    },
    { label: 'Target', value: event.target ? party(event.target, pageOf(event.target)) : '—' },
    ...(event.reason ? [{ label: 'Reason', value: event.reason, wide: true }] : []),
    {
      label: 'Request id',
      value: event.requestId ? (
        <span className="block min-w-0">
          <span className="block break-all font-mono text-xs">{event.requestId}</span>
          <Link
            href={auditHref({ request: event.requestId })}
            className="text-xs font-medium text-indigo-600 hover:text-indigo-500"
          >
            All events of this request
          </Link>
        </span>
      ) : (
        '—'
      ),
    },
    { label: 'Source IP', value: event.ip ? <span className="font-mono text-xs">{event.ip}</span> : '—' },
    { label: 'Country', value: event.country ?? '—' },
  ];
  return (
    <div className="space-y-6" data-testid="audit-event-detail">
      <DetailList items={items} />
      {decision && (
        <section>
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Policy decision</h3>
          <PolicyDecisionTable decision={decision} />
        </section>
      )}
      <section>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Details</h3>
        <CodeBlock
          code={JSON.stringify(event.details, null, 2)}
          label="Event details"
          compact
          testId="event-details-json"
        />
      </section>
      <section>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Hash chain</h3>
        <dl className="space-y-2 text-xs">
          <div>
            <dt className="font-semibold uppercase tracking-wide text-slate-500">Hash</dt>
            <dd className="mt-0.5 break-all font-mono text-slate-800" data-testid="event-hash">
              {event.hash}
            </dd>
          </div>
          <div>
            <dt className="font-semibold uppercase tracking-wide text-slate-500">Previous hash</dt>
            <dd className="mt-0.5 break-all font-mono text-slate-800">{event.prevHash}</dd>
          </div>
        </dl>
        <p className="mt-2 text-xs text-slate-500">
          SHA-256 of this event&apos;s canonical JSON with the previous event&apos;s hash: changing, removing
          or reordering any event breaks every hash after it.
        </p>
      </section>
    </div>
  );
}
