'use client';
import Link from 'next/link';
import { actorLabel, outcomeTone, targetLabel, type ActorNames } from '@/lib/audit-event';
import { formatTimestamp } from '@/lib/format';
import type { AuditEventView } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { cx } from '@/components/ui/cx';
import { Td } from '@/components/ui/table';

export function AuditEventRow({
  event,
  fresh,
  selected,
  names,
  onOpen,
}: {
  event: AuditEventView;
  names: ActorNames;
  fresh: boolean;
  selected: boolean;
  onOpen: (e: AuditEventView) => void;
}) {
  const target = targetLabel(event);
  return (
    <tr
      data-testid="audit-row"
      data-seq={event.seq}
      onClick={() => onOpen(event)}
      className={cx(
        'cursor-pointer transition-colors hover:bg-slate-50',
        selected && 'bg-indigo-50/60 hover:bg-indigo-50',
        fresh && 'animate-[pulse_1s_ease-out_1] bg-amber-50/70',
      )}
    >
      <Td className="whitespace-nowrap font-mono text-xs">
        {/* A real link (new tab, copy) that opens the drawer on a plain click. */}
        <Link
          href={`/audit/${event.id}`}
          aria-label={`Event ${event.seq}`}
          className="font-medium text-indigo-600 hover:text-indigo-500"
          onClick={(e) => {
            if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
            e.preventDefault();
          }}
        >
          #{event.seq}
        </Link>
      </Td>
      <Td className="whitespace-nowrap text-xs text-slate-500">{formatTimestamp(event.time)}</Td>
      <Td className="max-w-[12rem]">
        <div className="truncate" title={`${event.actor.type} ${event.actor.id}`}>
          {actorLabel(event, names)}
        </div>
        <div className="text-xs text-slate-400">{event.actor.type}</div>
      </Td>
      <Td className="whitespace-nowrap font-mono text-xs text-slate-900">{event.action}</Td>
      <Td className="max-w-[12rem]">
        {target ? (
          <>
            <div className="truncate" title={event.target?.id}>
              {target}
            </div>
            <div className="text-xs text-slate-400">{event.target?.type}</div>
          </>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </Td>
      <Td>
        <Badge tone={outcomeTone(event.outcome)}>{event.outcome}</Badge>
      </Td>
      <Td className="max-w-xs">
        {event.reason ? (
          <span className="line-clamp-2 text-xs text-slate-600" title={event.reason}>
            {event.reason}
          </span>
        ) : (
          <span className="text-slate-400">—</span>
        )}
      </Td>
    </tr>
  );
}
