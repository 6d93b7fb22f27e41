'use client';
// What members may use on this server through their own MCP clients: a grant per role and per
// member (the two add up), with the same tools, resources and prompts as an agent's grant.
import { memberRoutes, peopleRoutes } from '@portcullis/sdk';
import { useMemo, useState } from 'react';
import { call } from '@/lib/api';
import { memberHostSnippet, type ConnectTarget } from '@/lib/connect';
import { ROLE_LABELS } from '@/lib/permissions';
import type { Resource } from '@/lib/use-resource';
import { useRoute } from '@/lib/use-resource';
import type { MemberGrant, McpToolList, PutMemberGrantRequest, Role } from '@portcullis/sdk';
import { Badge, RoleBadge } from '@/components/ui/badge';
import { Card, CardHeader } from '@/components/ui/card';
import { CodeBlock } from '@/components/ui/code-block';
import { SelectField } from '@/components/ui/field';
import { ResourceState } from '@/components/ui/resource-state';
import { Table, Th } from '@/components/ui/table';
import { GrantEditorRow, type GrantState } from '../grants/grant-editor-row';
import { toolOptions } from '../grants/tool-options';

const ROLES: Role[] = ['member', 'auditor', 'admin', 'owner'];
const stateOf = (g: MemberGrant | undefined): GrantState | undefined =>
  g ? { tools: g.tools, resources: g.resources, prompts: g.prompts } : undefined;

export function PeopleAccessCard({
  serverId,
  target,
  tools,
  canManage,
}: {
  serverId: string;
  target: ConnectTarget;
  tools: Resource<McpToolList>;
  canManage: boolean;
}) {
  const grants = useRoute(peopleRoutes.memberGrants, { params: { id: serverId } });
  const members = useRoute(memberRoutes.list, {});
  const [added, setAdded] = useState<string[]>([]);
  const items = useMemo(() => grants.data?.items ?? [], [grants.data]);
  const toolState = (granted?: MemberGrant) => ({
    options: toolOptions(tools.data, granted?.tools),
    loading: tools.loading && !tools.data,
    error: tools.error && !tools.data ? tools.error.detail : undefined,
  });
  const put = (subject: PutMemberGrantRequest['subject'], next: GrantState) =>
    call(peopleRoutes.putMemberGrant, { params: { id: serverId }, body: { subject, ...next } });
  const del = (g: MemberGrant | undefined) =>
    g ? call(peopleRoutes.removeMemberGrant, { params: { id: serverId, grantId: g.id } }) : Promise.resolve();
  const memberRows = useMemo(() => {
    const withGrant = items.filter((g) => g.member).map((g) => g.member!.membershipId);
    return [...new Set([...withGrant, ...added])];
  }, [items, added]);
  const candidates = (members.data?.items ?? []).filter((m) => !memberRows.includes(m.id));

  return (
    <Card>
      <CardHeader
        title="People's access"
        description="What members may use here through their own MCP clients (VS Code, Cursor, Claude...), after consenting. A member gets their role's grant and their own, added up."
      />
      <ResourceState resource={grants}>
        <Table label="People's access">
          <thead className="bg-slate-50">
            <tr>
              <Th>Who</Th>
              <Th>Tools</Th>
              <Th>Resources</Th>
              <Th>Prompts</Th>
              {canManage && <Th className="text-right">Save</Th>}
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {ROLES.map((role) => {
              const g = items.find((x) => x.role === role);
              return (
                <GrantEditorRow
                  key={`role:${role}:${JSON.stringify(stateOf(g) ?? null)}`}
                  label={`every ${ROLE_LABELS[role].toLowerCase()}`}
                  tools={toolState(g)}
                  grant={stateOf(g)}
                  canManage={canManage}
                  save={(next) => put({ role }, next)}
                  remove={() => del(g)}
                  onSaved={grants.reload}
                  header={
                    <>
                      <div className="flex items-center gap-2 font-medium text-slate-900">
                        Every <RoleBadge role={role} />
                      </div>
                      <div className="mt-1">
                        {g ? <Badge tone="green">Granted</Badge> : <Badge>No access</Badge>}
                      </div>
                    </>
                  }
                />
              );
            })}
            {memberRows.map((membershipId) => {
              const g = items.find((x) => x.member?.membershipId === membershipId);
              const m = members.data?.items.find((x) => x.id === membershipId);
              const who = g?.member?.email ?? m?.email ?? 'a former member';
              return (
                <GrantEditorRow
                  key={`member:${membershipId}:${JSON.stringify(stateOf(g) ?? null)}`}
                  label={who}
                  tools={toolState(g)}
                  grant={stateOf(g)}
                  canManage={canManage}
                  save={(next) => put({ membershipId }, next)}
                  remove={() => del(g)}
                  onSaved={() => {
                    setAdded((a) => a.filter((x) => x !== membershipId));
                    grants.reload();
                  }}
                  header={
                    <>
                      <div className="font-medium text-slate-900">{g?.member?.name ?? m?.name ?? '—'}</div>
                      <div className="text-xs text-slate-500">{who}</div>
                      <div className="mt-1 flex flex-wrap gap-1">
                        {m && <RoleBadge role={m.role} />}
                        {g ? <Badge tone="green">Own grant</Badge> : <Badge tone="amber">Not saved</Badge>}
                      </div>
                    </>
                  }
                />
              );
            })}
          </tbody>
        </Table>
        {canManage && candidates.length > 0 && (
          <div className="border-t border-slate-200 px-5 py-3">
            <SelectField
              label="Grant one member more"
              name="addMemberGrant"
              value=""
              options={[
                { value: '', label: 'Choose a member…' },
                ...candidates.map((m) => ({ value: m.id, label: `${m.name} (${m.email})` })),
              ]}
              onChange={(e) => e.target.value && setAdded((a) => [...a, e.target.value])}
            />
          </div>
        )}
      </ResourceState>
      <div className="border-t border-slate-200 px-5 py-4">
        <p className="mb-2 text-sm text-slate-600">
          A member adds the gateway URL to their MCP client (here VS Code&apos;s{' '}
          <code className="font-mono text-xs">mcp.json</code>); it signs them in to this console and asks for
          their consent.
        </p>
        <CodeBlock
          code={memberHostSnippet(target)}
          label="A member's MCP client configuration"
          testId="snippet-member-host"
        />
      </div>
    </Card>
  );
}
