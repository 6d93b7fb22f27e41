'use client';
import { peopleRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { call } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { OAuthClientView, UpdateOAuthClientRequest } from '@portcullis/sdk';
import { Badge, StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { Td } from '@/components/ui/table';

/** One registered MCP client: who it claims to be, where its codes go, and what an admin may do. */
export function ClientRow({
  client: c,
  canManage,
  onChanged,
}: {
  client: OAuthClientView;
  canManage: boolean;
  onChanged: () => void;
}) {
  const update = useAction((body: UpdateOAuthClientRequest) =>
    call(peopleRoutes.updateClient, { params: { id: c.id }, body }),
  );
  const remove = useAction(() => call(peopleRoutes.removeClient, { params: { id: c.id } }));
  const [confirm, setConfirm] = useState<'disable' | 'remove' | null>(null);
  const name = c.name ?? 'Unnamed client';
  const run = async (body: UpdateOAuthClientRequest) => {
    if ((await update.run(body)).ok) onChanged();
  };
  return (
    <tr data-testid="client-row">
      <Td>
        <div className="font-medium text-slate-900">{name}</div>
        <div className="mt-0.5 max-w-xs truncate font-mono text-xs text-slate-500" title={c.clientId}>
          {c.clientId}
        </div>
        <div className="mt-1 flex flex-wrap gap-1">
          <StatusBadge status={c.status} />
          {c.verified ? <Badge tone="green">Verified</Badge> : <Badge tone="amber">Unverified</Badge>}
          <Badge>{c.kind === 'dynamic' ? 'Registered' : 'Metadata document'}</Badge>
          <Badge>{c.authMethod === 'none' ? 'Public (PKCE)' : 'Confidential'}</Badge>
        </div>
        {update.error && <p className="mt-1 text-xs text-red-600">{update.error.detail}</p>}
      </Td>
      <Td>
        <ul className="space-y-0.5" aria-label={`Redirect hosts of ${name}`}>
          {c.redirectTargets.map((t) => (
            <li key={t} className="font-mono text-xs text-slate-700">
              {t}
            </li>
          ))}
        </ul>
      </Td>
      <Td className="text-slate-700">{c.consents}</Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDateTime(c.createdAt)}</Td>
      <Td className="text-right">
        {canManage && (
          <div className="ml-auto flex max-w-[11rem] flex-wrap justify-end gap-1">
            {c.status === 'pending' && (
              <Button
                size="sm"
                loading={update.pending}
                aria-label={`Approve ${name}`}
                onClick={() => run({ status: 'active' })}
              >
                Approve
              </Button>
            )}
            {c.status === 'disabled' && (
              <Button
                size="sm"
                variant="secondary"
                aria-label={`Enable ${name}`}
                onClick={() => run({ status: 'active' })}
              >
                Enable
              </Button>
            )}
            <Button
              size="sm"
              variant="ghost"
              aria-label={`${c.verified ? 'Unverify' : 'Verify'} ${name}`}
              onClick={() => run({ verified: !c.verified })}
            >
              {c.verified ? 'Unverify' : 'Verify'}
            </Button>
            {c.status !== 'disabled' && (
              <Button
                size="sm"
                variant="danger-ghost"
                aria-label={`Disable ${name}`}
                onClick={() => setConfirm('disable')}
              >
                Disable
              </Button>
            )}
            <Button
              size="sm"
              variant="danger-ghost"
              aria-label={`Remove ${name}`}
              onClick={() => setConfirm('remove')}
            >
              Remove
            </Button>
          </div>
        )}
        {confirm && (
          <ConfirmDialog
            title={confirm === 'disable' ? `Disable ${name}?` : `Remove ${name}?`}
            confirmLabel={confirm === 'disable' ? 'Disable client' : 'Remove client'}
            pending={update.pending || remove.pending}
            error={update.error ?? remove.error}
            onCancel={() => setConfirm(null)}
            onConfirm={async () => {
              const ok =
                confirm === 'disable'
                  ? (await update.run({ status: 'disabled' })).ok
                  : (await remove.run()).ok;
              if (!ok) return;
              setConfirm(null);
              onChanged();
            }}
          >
            {confirm === 'disable'
              ? 'Every member using it loses access at once and its tokens are revoked. Enabling it again needs new consents.'
              : 'It disappears with every consent and token it holds. It may register again, as the registration setting allows.'}
          </ConfirmDialog>
        )}
      </Td>
    </tr>
  );
}
