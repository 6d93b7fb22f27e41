'use client';
import { useState } from 'react';
import { tenantRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { ClientRegistration, Tenant, UpdateTenantRequest } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const update = (body: UpdateTenantRequest) => call(tenantRoutes.update, { body });

const MODES: { value: ClientRegistration; label: string }[] = [
  { value: 'open', label: 'Open: new MCP clients may register and be used at once' },
  { value: 'approval', label: 'Approval: new MCP clients wait until an admin approves them' },
  { value: 'off', label: 'Off: no new MCP clients' },
];

/** The tenant's settings for people's MCP clients: registration, and how long a sign-in lasts. */
export function RegistrationSettingsCard({
  tenant,
  canManage,
  onSaved,
}: {
  tenant: Tenant;
  canManage: boolean;
  onSaved: () => void;
}) {
  const action = useAction(update);
  const fe = action.error?.fieldErrors ?? {};
  const [mode, setMode] = useState(tenant.clientRegistration);
  const [idle, setIdle] = useState(String(tenant.refreshIdleDays));
  const [max, setMax] = useState(String(tenant.refreshMaxDays));
  const [saved, setSaved] = useState(false);
  const changed: UpdateTenantRequest = {
    ...(mode !== tenant.clientRegistration ? { clientRegistration: mode } : {}),
    ...(Number(idle) !== tenant.refreshIdleDays ? { refreshIdleDays: Number(idle) } : {}),
    ...(Number(max) !== tenant.refreshMaxDays ? { refreshMaxDays: Number(max) } : {}),
  };
  const dirty = Object.keys(changed).length > 0;

  return (
    <Card>
      <CardHeader
        title="Registration and sign-in"
        description="MCP clients register themselves (dynamic registration, or a client ID metadata document) the first time a member connects one."
      />
      <CardBody>
        <form
          noValidate
          className="space-y-4"
          onSubmit={async (e) => {
            e.preventDefault();
            setSaved(false);
            if (!(await action.run(changed)).ok) return;
            setSaved(true);
            onSaved();
          }}
        >
          <ProblemBanner error={action.error} />
          {saved && !dirty && <Banner tone="success">Saved.</Banner>}
          <SelectField
            label="New MCP clients"
            name="clientRegistration"
            value={mode}
            disabled={!canManage}
            options={MODES}
            error={fe.clientRegistration}
            onChange={(e) => setMode(e.target.value as ClientRegistration)}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <TextField
              label="Sign-in ends after unused (days)"
              name="refreshIdleDays"
              type="number"
              min={1}
              value={idle}
              disabled={!canManage}
              error={fe.refreshIdleDays}
              hint="A client that has not refreshed its access for this long must ask the member again."
              onChange={(e) => setIdle(e.target.value)}
            />
            <TextField
              label="Sign-in ends at most after (days)"
              name="refreshMaxDays"
              type="number"
              min={1}
              value={max}
              disabled={!canManage}
              error={fe.refreshMaxDays}
              hint="However often it is used."
              onChange={(e) => setMax(e.target.value)}
            />
          </div>
          {canManage ? (
            <div className="flex justify-end">
              <Button type="submit" loading={action.pending} disabled={!dirty}>
                Save settings
              </Button>
            </div>
          ) : (
            <p className="text-xs text-slate-500">Only owners change these settings.</p>
          )}
        </form>
      </CardBody>
    </Card>
  );
}
