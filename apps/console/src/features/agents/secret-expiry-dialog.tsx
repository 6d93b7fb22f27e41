'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { ClientSecret, UpdateSecretRequest } from '@/lib/types';
import { Button } from '@/components/ui/button';
import { CheckboxField, TextField } from '@/components/ui/field';
import { Modal } from '@/components/ui/modal';
import { ProblemBanner } from '@/components/ui/problem-banner';

const setExpiry = (agentId: string, secretId: string, body: UpdateSecretRequest) =>
  call(agentRoutes.updateSecret, { params: { id: agentId, secretId }, body });

/** datetime-local speaks local wall time without a zone: convert both ways explicitly. */
function toLocalInput(iso: string | null): string {
  const d = iso ? new Date(iso) : new Date(Date.now() + 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function SecretExpiryDialog({
  agentId,
  secret,
  onClose,
  onSaved,
}: {
  agentId: string;
  secret: ClientSecret;
  onClose: () => void;
  onSaved: () => void;
}) {
  const action = useAction(setExpiry);
  const [never, setNever] = useState(secret.expiresAt === null);
  const [at, setAt] = useState(toLocalInput(secret.expiresAt));
  const when = new Date(at);
  const invalid = !never && Number.isNaN(when.getTime());

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (invalid) return;
    if (!(await action.run(agentId, secret.id, { expiresAt: never ? null : when.toISOString() })).ok) return;
    onSaved();
    onClose();
  }

  return (
    <Modal title={`Expiry of secret ${secret.prefix}…`} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <ProblemBanner error={action.error} />
        <CheckboxField label="Never expires" checked={never} onChange={(e) => setNever(e.target.checked)} />
        {!never && (
          <TextField
            label="Expires at"
            name="expiresAt"
            type="datetime-local"
            value={at}
            error={invalid ? 'Enter a date and time.' : action.error?.fieldErrors.expiresAt}
            hint="Your local time. A time in the past stops the secret at once."
            onChange={(e) => setAt(e.target.value)}
          />
        )}
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={action.pending}>
            Cancel
          </Button>
          <Button type="submit" loading={action.pending} disabled={invalid}>
            Set expiry
          </Button>
        </div>
      </form>
    </Modal>
  );
}
