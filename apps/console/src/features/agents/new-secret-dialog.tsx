'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { CreatedClientSecret, CreateSecretRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { Modal } from '@/components/ui/modal';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { EXPIRY_OPTIONS, expiresInDays } from './expiry-options';

const create = (agentId: string, body: CreateSecretRequest) =>
  call(agentRoutes.createSecret, { params: { id: agentId }, body });

/** A new client secret; as a rotation, the agent's other active secrets expire after an overlap
 * so clients can switch over without an outage. */
export function NewSecretDialog({
  agentId,
  rotation,
  onClose,
  onCreated,
}: {
  agentId: string;
  rotation: boolean;
  onClose: () => void;
  onCreated: (created: CreatedClientSecret) => void;
}) {
  const action = useAction(create);
  const fe = action.error?.fieldErrors ?? {};
  const [expiry, setExpiry] = useState('never');
  const [overlap, setOverlap] = useState('24');

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body: CreateSecretRequest = {
      expiresInDays: expiresInDays(expiry),
      ...(rotation ? { expireOthersInHours: Number(overlap) } : {}),
    };
    const result = await action.run(agentId, body);
    if (!result.ok) return;
    onCreated(result.value);
    onClose();
  }

  return (
    <Modal title={rotation ? 'Rotate the client secret' : 'New client secret'} onClose={onClose}>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <p className="text-sm text-slate-600">
          {rotation
            ? 'A new secret is created now. The current secrets keep working during the overlap, then expire: deploy the new one before then.'
            : 'The secret is shown once, right after it is created.'}
        </p>
        <ProblemBanner error={action.error} />
        {rotation && (
          <TextField
            label="Overlap (hours)"
            name="expireOthersInHours"
            type="number"
            min={0}
            max={720}
            value={overlap}
            error={fe.expireOthersInHours}
            hint="How long the current secrets keep working. 0 stops them now."
            onChange={(e) => setOverlap(e.target.value)}
          />
        )}
        <SelectField
          label="New secret expires after"
          name="expiresInDays"
          value={expiry}
          options={EXPIRY_OPTIONS}
          error={fe.expiresInDays}
          onChange={(e) => setExpiry(e.target.value)}
        />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={action.pending}>
            Cancel
          </Button>
          <Button type="submit" loading={action.pending}>
            {rotation ? 'Rotate secret' : 'Create secret'}
          </Button>
        </div>
      </form>
    </Modal>
  );
}
