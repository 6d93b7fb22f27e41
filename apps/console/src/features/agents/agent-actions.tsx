'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { Agent } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ProblemBanner } from '@/components/ui/problem-banner';

const setStatus = (id: string, status: Agent['status']) =>
  call(agentRoutes.update, { params: { id }, body: { status } });
const remove = (id: string) => call(agentRoutes.remove, { params: { id } });

export function AgentActions({
  agent,
  onChanged,
  onDeleted,
}: {
  agent: Agent;
  onChanged: () => void;
  onDeleted: () => void;
}) {
  const [dialog, setDialog] = useState<'disable' | 'delete'>();
  const status = useAction(setStatus);
  const del = useAction(remove);
  const close = () => {
    setDialog(undefined);
    status.reset();
    del.reset();
  };
  return (
    <div className="flex flex-wrap items-center justify-end gap-2">
      {agent.status === 'active' ? (
        <Button variant="secondary" onClick={() => setDialog('disable')}>
          Disable
        </Button>
      ) : (
        <Button
          variant="secondary"
          loading={status.pending}
          onClick={async () => {
            if ((await status.run(agent.id, 'active')).ok) onChanged();
          }}
        >
          Enable
        </Button>
      )}
      <Button variant="danger-ghost" onClick={() => setDialog('delete')}>
        Delete
      </Button>
      {!dialog && status.error && <ProblemBanner error={status.error} className="w-full" />}
      {dialog === 'disable' && (
        <ConfirmDialog
          title={`Disable ${agent.name}?`}
          confirmLabel="Disable agent"
          pending={status.pending}
          error={status.error}
          onCancel={close}
          onConfirm={async () => {
            if (!(await status.run(agent.id, 'disabled')).ok) return;
            close();
            onChanged();
          }}
        >
          It gets no new tokens, and its API keys and current tokens are refused within a second. Its grants
          and credentials are kept, and you can enable it again.
        </ConfirmDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${agent.name}?`}
          confirmLabel="Delete agent"
          pending={del.pending}
          error={del.error}
          onCancel={close}
          onConfirm={async () => {
            if (!(await del.run(agent.id)).ok) return;
            close();
            onDeleted();
          }}
        >
          Its grants, secrets, keys and API keys are deleted; the client ID{' '}
          <code className="font-mono text-xs">{agent.clientId}</code> stops working. This cannot be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
