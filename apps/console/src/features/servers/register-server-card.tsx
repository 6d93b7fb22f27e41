'use client';
import type { McpServer } from '@portcullis/sdk';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { ServerForm } from './server-form';

export function RegisterServerCard({
  onCreated,
  onCancel,
}: {
  onCreated: (s: McpServer) => void;
  onCancel: () => void;
}) {
  return (
    <Card>
      <CardHeader
        title="Register an MCP server"
        description="Its tools are listed right after registration and wait in quarantine until you approve them."
      />
      <CardBody>
        <ServerForm onSaved={onCreated} onCancel={onCancel} />
      </CardBody>
    </Card>
  );
}
