'use client';
import { useMemo, useState } from 'react';
import { tenantRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useSession } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import type { Tenant, UpdateTenantRequest } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { CardBody } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const update = (body: UpdateTenantRequest) => call(tenantRoutes.update, { body });

function timeZones(current: string): { value: string; label: string }[] {
  const zones = new Set(['UTC', ...Intl.supportedValuesOf('timeZone'), current]);
  return [...zones].map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));
}

export function TenantForm({
  tenant,
  canManage,
  onSaved,
}: {
  tenant: Tenant;
  canManage: boolean;
  onSaved: () => void;
}) {
  const { refresh } = useSession();
  const action = useAction(update);
  const fe = action.error?.fieldErrors ?? {};
  const [name, setName] = useState(tenant.name);
  const [timeZone, setTimeZone] = useState(tenant.timeZone);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(() => timeZones(tenant.timeZone), [tenant.timeZone]);
  const changed: UpdateTenantRequest = {
    ...(name !== tenant.name ? { name } : {}),
    ...(timeZone !== tenant.timeZone ? { timeZone } : {}),
  };
  const dirty = Object.keys(changed).length > 0;

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSaved(false);
    if (!(await action.run(changed)).ok) return;
    setSaved(true);
    onSaved();
    // The tenant's name also shows in the sidebar, which reads the session.
    await refresh().catch(() => undefined);
  }

  return (
    <CardBody>
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <ProblemBanner error={action.error} />
        {saved && !dirty && <Banner tone="success">Saved.</Banner>}
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Name"
            name="name"
            value={name}
            disabled={!canManage}
            error={fe.name}
            onChange={(e) => setName(e.target.value)}
          />
          <SelectField
            label="Time zone"
            name="timeZone"
            value={timeZone}
            disabled={!canManage}
            error={fe.timeZone}
            options={zones}
            hint="Used to show dates in reports and audit exports."
            onChange={(e) => setTimeZone(e.target.value)}
          />
        </div>
        {canManage && (
          <div className="flex justify-end">
            <Button type="submit" loading={action.pending} disabled={!dirty}>
              Save changes
            </Button>
          </div>
        )}
      </form>
    </CardBody>
  );
}
