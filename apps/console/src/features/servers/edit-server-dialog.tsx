'use client';
import type { McpServer } from '@portcullis/sdk';
import { Modal } from '@/components/ui/modal';
import { ServerForm } from './server-form';

export function EditServerDialog({
  server,
  onClose,
  onSaved,
}: {
  server: McpServer;
  onClose: () => void;
  onSaved: () => void;
}) {
  return (
    <Modal title={`Edit ${server.name}`} onClose={onClose} size="lg">
      <ServerForm
        server={server}
        onCancel={onClose}
        onSaved={() => {
          onClose();
          onSaved();
        }}
      />
    </Modal>
  );
}
