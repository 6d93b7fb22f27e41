'use client';
import { useState } from 'react';
import { formatDateTime, formatRelative } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { Consent } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

/** One consent: which application may act for whom, on which server, with what; revocable. */
export function ConsentRow({
  consent: c,
  revoke,
  showMember,
  canRevoke,
  onChanged,
}: {
  consent: Consent;
  revoke: () => Promise<void>;
  showMember: boolean;
  canRevoke: boolean;
  onChanged: () => void;
}) {
  const action = useAction(revoke);
  const [confirming, setConfirming] = useState(false);
  const client = c.client.name ?? c.client.clientId;
  return (
    <tr data-testid="consent-row">
      {showMember && (
        <Td>
          <div className="font-medium text-slate-900">{c.member.name}</div>
          <div className="text-xs text-slate-500">{c.member.email}</div>
        </Td>
      )}
      <Td>
        <div className="font-medium text-slate-900">{client}</div>
        <div className="mt-1 flex flex-wrap gap-1">
          {c.client.verified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Unverified</Badge>}
          {c.client.status !== 'active' && <Badge tone="red">Client {c.client.status}</Badge>}
        </div>
      </Td>
      <Td>
        <div className="text-slate-900">{c.server.name}</div>
        <div className="text-xs text-slate-500">{showMember ? c.server.slug : c.tenant.name}</div>
      </Td>
      <Td>
        <ul className="flex flex-wrap gap-1" aria-label={`Scopes of ${client}`}>
          {c.scopes.map((s) => (
            <li key={s} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
              {s}
            </li>
          ))}
        </ul>
      </Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDateTime(c.createdAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">
        {c.lastUsedAt ? formatRelative(c.lastUsedAt) : '—'}
      </Td>
      <Td className="text-right">
        {canRevoke && (
          <Button
            variant="danger-ghost"
            size="sm"
            aria-label={`Revoke ${client} on ${c.server.slug}`}
            onClick={() => setConfirming(true)}
          >
            Revoke
          </Button>
        )}
        {confirming && (
          <ConfirmDialog
            title={`Revoke ${client}?`}
            confirmLabel="Revoke access"
            pending={action.pending}
            error={action.error}
            onCancel={() => {
              setConfirming(false);
              action.reset();
            }}
            onConfirm={async () => {
              if (!(await action.run()).ok) return;
              setConfirming(false);
              onChanged();
            }}
          >
            {client} loses access to {c.server.name} {showMember ? `for ${c.member.email} ` : ''}at once: its
            next call is refused and its tokens are revoked. Using it again needs a new consent.
          </ConfirmDialog>
        )}
      </Td>
    </tr>
  );
}
