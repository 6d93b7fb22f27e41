'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { Agent, AuthMethod, UpdateAgentRequest } from '@/lib/types';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { AuthMethodsField } from './auth-methods-field';

const update = (id: string, body: UpdateAgentRequest) => call(agentRoutes.update, { params: { id }, body });

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.includes(x));

/** Name, description, token lifetime and allowed client authentication methods. */
export function AgentSettingsForm({
  agent,
  canManage,
  onSaved,
}: {
  agent: Agent;
  canManage: boolean;
  onSaved: () => void;
}) {
  const action = useAction(update);
  const fe = action.error?.fieldErrors ?? {};
  const [name, setName] = useState(agent.name);
  const [description, setDescription] = useState(agent.description ?? '');
  const [lifetime, setLifetime] = useState(String(agent.tokenLifetimeSec));
  const [methods, setMethods] = useState<AuthMethod[]>(agent.authMethods);
  const [saved, setSaved] = useState(false);
  const changed: UpdateAgentRequest = {
    ...(name !== agent.name ? { name } : {}),
    ...(description !== (agent.description ?? '') ? { description: description.trim() || null } : {}),
    ...(Number(lifetime) !== agent.tokenLifetimeSec ? { tokenLifetimeSec: Number(lifetime) } : {}),
    ...(!sameSet(methods, agent.authMethods) ? { authMethods: methods } : {}),
  };
  const dirty = Object.keys(changed).length > 0;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (!(await action.run(agent.id, changed)).ok) return;
    setSaved(true);
    onSaved();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-4">
      <ProblemBanner error={action.error} />
      {saved && !dirty && (
        <Banner tone="success">Saved. Tokens issued from now on follow the new settings.</Banner>
      )}
      <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
        <TextField
          label="Name"
          name="name"
          value={name}
          disabled={!canManage}
          error={fe.name}
          onChange={(e) => setName(e.target.value)}
        />
        <TextField
          label="Token lifetime (seconds)"
          name="tokenLifetimeSec"
          type="number"
          min={60}
          max={3600}
          value={lifetime}
          disabled={!canManage}
          error={fe.tokenLifetimeSec}
          hint="60 to 3600."
          onChange={(e) => setLifetime(e.target.value)}
        />
      </div>
      <TextField
        label="Description"
        name="description"
        value={description}
        disabled={!canManage}
        error={fe.description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <AuthMethodsField value={methods} onChange={setMethods} error={fe.authMethods} disabled={!canManage} />
      {canManage && (
        <div className="flex justify-end">
          <Button type="submit" loading={action.pending} disabled={!dirty}>
            Save changes
          </Button>
        </div>
      )}
    </form>
  );
}
