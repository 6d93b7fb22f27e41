'use client';
import { serverRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { McpServer } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { EditServerDialog } from './edit-server-dialog';

const setStatus = (id: string, status: McpServer['status']) =>
  call(serverRoutes.update, { params: { id }, body: { status } });
const remove = (id: string) => call(serverRoutes.remove, { params: { id } });

/** Edit, disable/enable and delete: the same controls on the list and on the server's page. */
export function ServerActions({
  server,
  onChanged,
  onDeleted,
  size = 'sm',
}: {
  server: McpServer;
  onChanged: () => void;
  onDeleted: () => void;
  size?: 'sm' | 'md';
}) {
  const [dialog, setDialog] = useState<'edit' | 'disable' | 'delete'>();
  const status = useAction(setStatus);
  const del = useAction(remove);
  const close = () => {
    setDialog(undefined);
    status.reset();
    del.reset();
  };
  const enable = async () => {
    if ((await status.run(server.id, 'active')).ok) onChanged();
  };
  return (
    <div>
      <div className="flex flex-wrap items-center justify-end gap-1">
        <Button variant="ghost" size={size} onClick={() => setDialog('edit')}>
          Edit
        </Button>
        {server.status === 'active' ? (
          <Button variant="ghost" size={size} onClick={() => setDialog('disable')}>
            Disable
          </Button>
        ) : (
          <Button variant="ghost" size={size} onClick={enable} loading={status.pending && !dialog}>
            Enable
          </Button>
        )}
        <Button variant="danger-ghost" size={size} onClick={() => setDialog('delete')}>
          Delete
        </Button>
      </div>
      {!dialog && status.error && (
        <ProblemBanner error={status.error} className="mt-2 whitespace-normal text-left" />
      )}
      {dialog === 'edit' && <EditServerDialog server={server} onClose={close} onSaved={onChanged} />}
      {dialog === 'disable' && (
        <ConfirmDialog
          title={`Disable ${server.name}?`}
          confirmLabel="Disable server"
          pending={status.pending}
          error={status.error}
          onCancel={close}
          onConfirm={async () => {
            if (!(await status.run(server.id, 'disabled')).ok) return;
            close();
            onChanged();
          }}
        >
          Agents can no longer get tokens for it or call it through the gateway. Its tools, reviews and grants
          are kept, and you can enable it again.
        </ConfirmDialog>
      )}
      {dialog === 'delete' && (
        <ConfirmDialog
          title={`Delete ${server.name}?`}
          confirmLabel="Delete server"
          pending={del.pending}
          error={del.error}
          onCancel={close}
          onConfirm={async () => {
            if (!(await del.run(server.id)).ok) return;
            close();
            onDeleted();
          }}
        >
          The server, its tools, their reviews and every agent grant on it are removed. Its gateway URL{' '}
          <code className="break-all font-mono text-xs">{server.gatewayUrl}</code> stops working. This cannot
          be undone.
        </ConfirmDialog>
      )}
    </div>
  );
}
