'use client';
import { formatDateTime } from '@/lib/format';
import type { Agent } from '@portcullis/sdk';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyableUrl } from '@/components/ui/copyable-url';
import { DetailList } from '@/components/ui/detail-list';
import { AgentSettingsForm } from './agent-settings-form';
import { formatLifetime } from './auth-methods';

export function AgentSummaryCard({
  agent,
  canManage,
  onSaved,
}: {
  agent: Agent;
  canManage: boolean;
  onSaved: () => void;
}) {
  return (
    <Card>
      <CardHeader title="Agent" />
      <CardBody className="space-y-6">
        <DetailList
          items={[
            {
              label: 'Client ID',
              value: <CopyableUrl url={agent.clientId} label="Copy client ID" testId="client-id" />,
            },
            { label: 'Token lifetime', value: formatLifetime(agent.tokenLifetimeSec) },
            { label: 'Created', value: formatDateTime(agent.createdAt) },
          ]}
        />
        {/* Keyed by the saved values: after a save the form starts again from what the API holds. */}
        <AgentSettingsForm
          key={`${agent.name}|${agent.description}|${agent.tokenLifetimeSec}|${agent.authMethods.join()}`}
          agent={agent}
          canManage={canManage}
          onSaved={onSaved}
        />
      </CardBody>
    </Card>
  );
}
