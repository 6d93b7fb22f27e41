'use client';
import { ssoRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { useRoute } from '@/lib/use-resource';
import type { PutSsoConnectionRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyableUrl } from '@/components/ui/copyable-url';
import { CheckboxField, SelectField, TextAreaField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { ResourceState } from '@/components/ui/resource-state';
import { parseGroupRoles, formatGroupRoles } from './group-roles';

const save = (body: PutSsoConnectionRequest) => call(ssoRoutes.put, { body });
const ROLES = [
  { value: 'auditor', label: 'Auditor (read-only)' },
  { value: 'admin', label: 'Admin' },
];

/** The tenant's OpenID Connect identity provider; owners edit it, everyone sees it. */
export function SsoCard({ canManage }: { canManage: boolean }) {
  const sso = useRoute(ssoRoutes.settings, {});
  const action = useAction(save);
  const fe = action.error?.fieldErrors ?? {};

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const secret = String(f.get('clientSecret') ?? '');
    const result = await action.run({
      issuer: String(f.get('issuer')).trim(),
      clientId: String(f.get('clientId')).trim(),
      ...(secret ? { clientSecret: secret } : {}),
      allowedDomains: String(f.get('allowedDomains'))
        .split(/[\s,]+/)
        .filter(Boolean),
      defaultRole: String(f.get('defaultRole')) as 'admin' | 'auditor',
      groupsClaim: String(f.get('groupsClaim')).trim() || 'groups',
      groupRoles: parseGroupRoles(String(f.get('groupRoles'))),
      enabled: f.get('enabled') === 'on',
      ssoRequired: f.get('ssoRequired') === 'on',
    });
    if (result.ok) sso.reload();
  }

  return (
    <Card>
      <CardHeader
        title="Single sign-on"
        description="Members sign in through your identity provider (OpenID Connect: Okta, Entra ID, Google, Keycloak…)."
      />
      <CardBody>
        <ResourceState resource={sso}>
          {sso.data && (
            // Re-mounted after each save: fields show what is stored (the secret field empty again).
            <form
              key={sso.data.connection?.updatedAt ?? 'none'}
              onSubmit={onSubmit}
              noValidate
              className="space-y-4"
              aria-label="Single sign-on settings"
            >
              <ProblemBanner error={action.error} />
              <div>
                <p className="mb-1 text-sm font-medium text-slate-900">
                  Redirect URI to register at the provider
                </p>
                <CopyableUrl url={sso.data.redirectUri} />
              </div>
              <fieldset disabled={!canManage} className="space-y-4">
                <div className="grid gap-4 sm:grid-cols-2">
                  <TextField
                    label="Issuer URL"
                    name="issuer"
                    defaultValue={sso.data.connection?.issuer}
                    placeholder="https://login.example.com"
                    required
                    error={fe.issuer}
                  />
                  <TextField
                    label="Client ID"
                    name="clientId"
                    defaultValue={sso.data.connection?.clientId}
                    required
                    error={fe.clientId}
                  />
                  <TextField
                    label="Client secret"
                    name="clientSecret"
                    type="password"
                    autoComplete="off"
                    error={fe.clientSecret}
                    hint={
                      sso.data.connection?.hasClientSecret
                        ? 'Stored. Leave empty to keep it.'
                        : 'Stored encrypted, never shown again.'
                    }
                  />
                  <TextField
                    label="Allowed e-mail domains"
                    name="allowedDomains"
                    defaultValue={sso.data.connection?.allowedDomains.join(', ')}
                    placeholder="example.com"
                    required
                    error={fe.allowedDomains}
                    hint="Only verified addresses at these domains get in."
                  />
                  <SelectField
                    label="Role of new members"
                    name="defaultRole"
                    defaultValue={sso.data.connection?.defaultRole ?? 'auditor'}
                    options={ROLES}
                    error={fe.defaultRole}
                  />
                  <TextField
                    label="Groups claim"
                    name="groupsClaim"
                    defaultValue={sso.data.connection?.groupsClaim ?? 'groups'}
                    error={fe.groupsClaim}
                  />
                </div>
                <TextAreaField
                  label="Groups to roles"
                  name="groupRoles"
                  rows={3}
                  defaultValue={formatGroupRoles(sso.data.connection?.groupRoles ?? {})}
                  placeholder={'platform-admins = admin\nsecurity = auditor'}
                  error={fe.groupRoles}
                  hint="One per line: group = admin or auditor. The highest role of a person's groups wins."
                />
                <CheckboxField
                  label="Enabled"
                  name="enabled"
                  defaultChecked={sso.data.connection?.enabled ?? true}
                />
                <CheckboxField
                  label="Require single sign-on"
                  name="ssoRequired"
                  defaultChecked={sso.data.connection?.ssoRequired ?? false}
                  hint="Members can no longer use a password here. Owners keep theirs, as the way in if the provider fails."
                />
              </fieldset>
              {canManage && (
                <div className="flex justify-end">
                  <Button type="submit" loading={action.pending}>
                    Save single sign-on
                  </Button>
                </div>
              )}
            </form>
          )}
        </ResourceState>
      </CardBody>
    </Card>
  );
}
