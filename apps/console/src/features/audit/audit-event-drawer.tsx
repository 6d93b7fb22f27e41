'use client';
import Link from 'next/link';
import type { ActorNames } from '@/lib/audit-event';
import type { AuditEventView } from '@portcullis/sdk';
import { buttonClass } from '@/components/ui/button';
import { Drawer } from '@/components/ui/drawer';
import { AuditEventDetail } from './audit-event-detail';

export function AuditEventDrawer({
  event,
  names,
  onClose,
}: {
  event: AuditEventView;
  names: ActorNames;
  onClose: () => void;
}) {
  return (
    <Drawer
      title={
        <>
          Event #{event.seq} · <span className="font-mono text-sm">{event.action}</span>
        </>
      }
      onClose={onClose}
      actions={
        <Link href={`/audit/${event.id}`} className={buttonClass('secondary', 'sm')}>
          Open as page
        </Link>
      }
    >
      <AuditEventDetail event={event} names={names} />
    </Drawer>
  );
}
