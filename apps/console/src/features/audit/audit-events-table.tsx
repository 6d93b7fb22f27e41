'use client';
import type { ActorNames } from '@/lib/audit-event';
import type { AuditEventView } from '@portcullis/sdk';
import { Table, Th } from '@/components/ui/table';
import { AuditEventRow } from './audit-event-row';

export function AuditEventsTable({
  items,
  fresh,
  selectedId,
  names,
  onOpen,
}: {
  names: ActorNames;
  items: AuditEventView[];
  fresh: ReadonlySet<string>;
  selectedId: string | undefined;
  onOpen: (e: AuditEventView) => void;
}) {
  return (
    <Table label="Audit events">
      <thead className="bg-slate-50">
        <tr>
          <Th>Seq</Th>
          <Th>Time</Th>
          <Th>Actor</Th>
          <Th>Action</Th>
          <Th>Target</Th>
          <Th>Outcome</Th>
          <Th>Reason</Th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {items.map((e) => (
          <AuditEventRow
            key={e.id}
            event={e}
            fresh={fresh.has(e.id)}
            selected={e.id === selectedId}
            names={names}
            onOpen={onOpen}
          />
        ))}
      </tbody>
    </Table>
  );
}
