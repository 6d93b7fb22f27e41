'use client';
import { apiTokenRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { CreateApiTokenRequest, CreatedApiToken } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const ROLE_OPTIONS = [
  { value: 'admin', label: 'Admin (read and write)' },
  { value: 'auditor', label: 'Auditor (read-only)' },
];
const EXPIRY_OPTIONS = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
];

const create = (body: CreateApiTokenRequest) => call(apiTokenRoutes.create, { body });

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedApiToken) => void }) {
  const action = useAction(create);
  const fe = action.error?.fieldErrors ?? {};

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const result = await action.run({
      name: String(form.get('name')),
      role: String(form.get('role')) as CreateApiTokenRequest['role'],
      expiresInDays: Number(form.get('expiresInDays')),
    });
    if (!result.ok) return;
    formEl.reset();
    onCreated(result.value);
  }

  return (
    <Card>
      <CardHeader
        title="Create a token"
        description="A token never has more rights than its role; owners' rights are not available to tokens."
      />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <ProblemBanner error={action.error} />
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
            <TextField
              label="Name"
              name="name"
              placeholder="e.g. CI deploy"
              required
              error={fe.name}
              hint="What or who uses it."
            />
            <SelectField
              label="Role"
              name="role"
              defaultValue="auditor"
              options={ROLE_OPTIONS}
              error={fe.role}
            />
            <SelectField
              label="Expires after"
              name="expiresInDays"
              defaultValue="90"
              options={EXPIRY_OPTIONS}
              error={fe.expiresInDays}
            />
          </div>
          <div className="flex justify-end">
            <Button type="submit" loading={action.pending}>
              Create token
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
