'use client';
import { memberRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { ROLE_LABELS } from '@/lib/permissions';
import { useAction } from '@/lib/use-action';
import type { CreatedInvitation, CreateInvitationRequest, Role } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const ROLES: Role[] = ['admin', 'auditor', 'member', 'owner'];
const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }));
const EXPIRY_OPTIONS = [
  { value: '24', label: '1 day' },
  { value: '72', label: '3 days' },
  { value: '168', label: '7 days' },
  { value: '336', label: '14 days' },
];

const invite = (body: CreateInvitationRequest) => call(memberRoutes.invite, { body });

export function InviteForm({ onCreated }: { onCreated: (created: CreatedInvitation) => void }) {
  const action = useAction(invite);
  const fe = action.error?.fieldErrors ?? {};

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    const result = await action.run({
      email: String(form.get('email')),
      role: String(form.get('role')) as Role,
      expiresInHours: Number(form.get('expiresInHours')),
    });
    if (!result.ok) return;
    formEl.reset();
    onCreated(result.value);
  }

  return (
    <Card>
      <CardHeader
        title="Invite someone"
        description="They get a link to join this tenant with the role you choose."
      />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <ProblemBanner error={action.error} />
          <div className="grid gap-4 sm:grid-cols-[2fr_1fr_1fr]">
            <TextField
              label="E-mail"
              name="email"
              type="email"
              placeholder="name@example.com"
              required
              error={fe.email}
            />
            <SelectField
              label="Role"
              name="role"
              defaultValue="admin"
              options={ROLE_OPTIONS}
              error={fe.role}
            />
            <SelectField
              label="Link expires in"
              name="expiresInHours"
              defaultValue="72"
              options={EXPIRY_OPTIONS}
              error={fe.expiresInHours}
            />
          </div>
          <div className="flex justify-end">
            <Button type="submit" loading={action.pending}>
              Create invitation
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
