'use client';
import { useSession } from '@/lib/session';
import { RoleBadge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { Overview } from './overview';
import { QuickLink } from './quick-link';

export function Dashboard() {
  const { session, tenant } = useSession();
  if (!tenant) return null;
  return (
    <>
      <PageHeader
        title={tenant.name}
        description={
          <span className="inline-flex items-center gap-2">
            Signed in as {session.user.name} · your role
            <span data-testid="current-role">
              <RoleBadge role={tenant.role} />
            </span>
          </span>
        }
      />
      <Overview />
      <h2 className="mb-3 mt-10 text-sm font-semibold text-slate-900">Governance</h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <QuickLink
          href="/servers"
          title="MCP servers"
          description="Register the MCP servers your agents may reach, and review the tools they expose."
        />
        <QuickLink
          href="/agents"
          title="Agents"
          description="Give each agent an identity and decide which servers and tools it can call."
        />
        <QuickLink
          href="/policies"
          title="Policies"
          description="Rate limits, quotas, IP, geography, time windows and content guardrails, with a simulator."
        />
        <QuickLink
          href="/audit"
          title="Audit trail"
          description="Every tool call and admin change, searchable, exportable and tamper-evident."
        />
      </div>
      <h2 className="mb-3 mt-10 text-sm font-semibold text-slate-900">Manage</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <QuickLink
          href="/members"
          title="Members"
          description="Who has access to this tenant, their roles, and pending invitations."
        />
        <QuickLink
          href="/api-tokens"
          title="API tokens"
          description="Tokens for scripts and CI that call the Portcullis API as admin or auditor."
        />
      </div>
    </>
  );
}
