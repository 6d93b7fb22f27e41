'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { Agent, CreateApiKeyRequest, CreatedAgentApiKey } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { ApiKeyScopeRow, type ScopeDraft } from './api-key-scope-row';

const create = (agentId: string, body: CreateApiKeyRequest) =>
  call(agentRoutes.createApiKey, { params: { id: agentId }, body });

const EXPIRY = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

export function CreateApiKeyForm({
  agent,
  onCreated,
}: {
  agent: Agent;
  onCreated: (c: CreatedAgentApiKey) => void;
}) {
  const action = useAction(create);
  const fe = action.error?.fieldErrors ?? {};
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('30');
  const [scope, setScope] = useState<Record<string, ScopeDraft>>(() =>
    Object.fromEntries(agent.grants.map((g) => [g.serverId, { include: true, tools: g.tools }])),
  );
  const chosen = agent.grants.filter((g) => scope[g.serverId]?.include);
  const scopeError = fe.scope ?? Object.entries(fe).find(([k]) => k.startsWith('scope.'))?.[1];

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await action.run(agent.id, {
      name,
      expiresInDays: expiry === 'never' ? null : Number(expiry),
      scope: chosen.map((g) => ({ serverId: g.serverId, tools: scope[g.serverId]!.tools })),
    });
    if (!result.ok) return;
    setName('');
    onCreated(result.value);
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <ProblemBanner error={action.error} />
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField
          label="Key name"
          name="apiKeyName"
          value={name}
          placeholder="e.g. Local development"
          error={fe.name}
          onChange={(e) => setName(e.target.value)}
        />
        <SelectField
          label="Key expires after"
          name="apiKeyExpiry"
          value={expiry}
          options={EXPIRY}
          error={fe.expiresInDays}
          onChange={(e) => setExpiry(e.target.value)}
        />
      </div>
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">Scope</legend>
        <p className="text-xs text-slate-500">
          Within the agent&apos;s grants: a key never reaches more than its agent.
        </p>
        <div className="mt-2 grid gap-2 md:grid-cols-2">
          {agent.grants.map((g) => (
            <ApiKeyScopeRow
              key={g.serverId}
              grant={g}
              value={scope[g.serverId] ?? { include: false, tools: g.tools }}
              onChange={(next) => setScope((s) => ({ ...s, [g.serverId]: next }))}
            />
          ))}
        </div>
        {scopeError && (
          <p className="mt-1 text-sm text-red-600" role="alert">
            {scopeError}
          </p>
        )}
      </fieldset>
      <div className="flex justify-end">
        <Button type="submit" loading={action.pending} disabled={chosen.length === 0}>
          Create API key
        </Button>
      </div>
    </form>
  );
}
