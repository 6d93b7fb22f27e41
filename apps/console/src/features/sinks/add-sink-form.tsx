'use client';
import { useState } from 'react';
import type { AuditAction } from '@portcullis/audit-core/actions';
import { auditSinkRoutes, type AuditSinkKind, type RouteArgs, type RouteResponse } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { ActionPicker } from './action-picker';

type CreateSink = RouteArgs<typeof auditSinkRoutes.create>['body'];
const create = (body: CreateSink) => call(auditSinkRoutes.create, { body });

const KINDS: { value: AuditSinkKind; label: string }[] = [
  { value: 'webhook', label: 'Webhook (signed HTTPS POST)' },
  { value: 'jsonl', label: 'JSON lines file on the server' },
];

export function AddSinkForm({
  onCreated,
  onCancel,
}: {
  onCreated: (c: RouteResponse<typeof auditSinkRoutes.create>) => void;
  onCancel: () => void;
}) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<AuditSinkKind>('webhook');
  const [url, setUrl] = useState('');
  const [actions, setActions] = useState<AuditAction[]>([]);
  const action = useAction(create);
  const fe = action.error?.fieldErrors ?? {};
  const actionsError = fe.actions ?? Object.entries(fe).find(([k]) => k.startsWith('actions.'))?.[1];

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const r = await action.run({
      name: name.trim(),
      kind,
      actions,
      ...(kind === 'webhook' ? { url: url.trim() } : {}),
    });
    if (r.ok) onCreated(r.value);
  }

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Add a sink" className="space-y-4">
      <ProblemBanner error={action.error} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Name"
          name="sink-name"
          value={name}
          autoFocus
          error={fe.name}
          placeholder="e.g. SIEM"
          onChange={(e) => setName(e.target.value)}
        />
        <SelectField
          label="Kind"
          name="sink-kind"
          value={kind}
          options={KINDS}
          error={fe.kind}
          onChange={(e) => setKind(e.target.value as AuditSinkKind)}
        />
      </div>
      {kind === 'webhook' ? (
        <TextField
          label="URL"
          name="sink-url"
          type="url"
          value={url}
          error={fe.url}
          placeholder="https://siem.example.com/hooks/portcullis"
          hint="Each delivery is a POST with a Portcullis-Signature header (t=…,v1=HMAC-SHA-256 of “t.body”), retried with backoff."
          onChange={(e) => setUrl(e.target.value)}
        />
      ) : (
        <p className="text-xs text-slate-500">
          Events are appended to a file in the server&apos;s AUDIT_SINK_DIR, for a log shipper to pick up.
        </p>
      )}
      <ActionPicker value={actions} onChange={setActions} />
      {actionsError && <p className="text-sm text-red-600">{actionsError}</p>}
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel} disabled={action.pending}>
          Cancel
        </Button>
        <Button type="submit" loading={action.pending}>
          Add sink
        </Button>
      </div>
    </form>
  );
}
