'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { Agent, AuthMethod, CreateAgentRequest } from '@/lib/types';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { AuthMethodsField } from './auth-methods-field';

const create = (body: CreateAgentRequest) => call(agentRoutes.create, { body });

export function CreateAgentForm({
  onCreated,
  onCancel,
}: {
  onCreated: (a: Agent) => void;
  onCancel: () => void;
}) {
  const action = useAction(create);
  const fe = action.error?.fieldErrors ?? {};
  const [methods, setMethods] = useState<AuthMethod[]>(['client_secret_basic', 'client_secret_post']);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const description = String(form.get('description')).trim();
    const result = await action.run({
      name: String(form.get('name')),
      ...(description ? { description } : {}),
      tokenLifetimeSec: Number(form.get('tokenLifetimeSec')),
      authMethods: methods,
    });
    if (result.ok) onCreated(result.value);
  }

  return (
    <Card>
      <CardHeader
        title="Create an agent"
        description="An agent is an OAuth client of this tenant. It reaches nothing until you grant it servers."
      />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <ProblemBanner error={action.error} />
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr]">
            <TextField
              label="Name"
              name="name"
              required
              autoFocus
              placeholder="e.g. Support assistant"
              error={fe.name}
            />
            <TextField
              label="Token lifetime (seconds)"
              name="tokenLifetimeSec"
              type="number"
              min={60}
              max={3600}
              defaultValue={300}
              error={fe.tokenLifetimeSec}
              hint="60 to 3600. Short tokens make revocation bite sooner."
            />
          </div>
          <TextField
            label="Description"
            name="description"
            placeholder="What it does, who runs it (optional)"
            error={fe.description}
          />
          <AuthMethodsField value={methods} onChange={setMethods} error={fe.authMethods} />
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onCancel} disabled={action.pending}>
              Cancel
            </Button>
            <Button type="submit" loading={action.pending}>
              Create agent
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
