'use client';
import { useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const change = (currentPassword: string, newPassword: string) =>
  call(authRoutes.changePassword, { body: { currentPassword, newPassword } });

export function ChangePasswordCard() {
  const action = useAction(change);
  const [changed, setChanged] = useState(false);
  const fe = action.error?.fieldErrors ?? {};

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setChanged(false);
    if ((await action.run(String(form.get('currentPassword')), String(form.get('newPassword')))).ok) {
      formEl.reset();
      setChanged(true);
    }
  }

  return (
    <Card>
      <CardHeader title="Password" description="Changing it signs you out everywhere else." />
      <CardBody>
        <form onSubmit={onSubmit} noValidate className="space-y-4">
          <ProblemBanner error={action.error} />
          {changed && (
            <p
              role="status"
              className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-emerald-200"
            >
              Password changed. Your other sessions have ended.
            </p>
          )}
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Current password"
              name="currentPassword"
              type="password"
              autoComplete="current-password"
              required
              error={fe.currentPassword}
            />
            <TextField
              label="New password"
              name="newPassword"
              type="password"
              autoComplete="new-password"
              required
              error={fe.newPassword ?? fe.password}
              hint="At least 12 characters; not a common password."
            />
          </div>
          <div className="flex justify-end">
            <Button type="submit" loading={action.pending}>
              Change password
            </Button>
          </div>
        </form>
      </CardBody>
    </Card>
  );
}
