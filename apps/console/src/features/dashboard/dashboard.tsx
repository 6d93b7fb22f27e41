'use client';
import { useSession } from '@/lib/session';
import { RoleBadge } from '@/components/ui/badge';
import { PageHeader } from '@/components/ui/page-header';
import { ComingSoonCard } from './coming-soon-card';
import { QuickLink } from './quick-link';

const SOON = [
  { title: 'Policies', description: 'Allow, deny or require approval for tool calls, per agent and per server.' },
  { title: 'Audit', description: 'Every tool call and every admin change, searchable and exportable.' },
];

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
      <h2 className="mb-3 text-sm font-semibold text-slate-900">Manage</h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <QuickLink href="/members" title="Members" description="Who has access to this tenant, their roles, and pending invitations." />
        <QuickLink href="/api-tokens" title="API tokens" description="Tokens for scripts and CI that call the Portcullis API as admin or auditor." />
      </div>
      <h2 className="mb-3 mt-10 text-sm font-semibold text-slate-900">Governance</h2>
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <QuickLink href="/servers" title="MCP servers" description="Register the MCP servers your agents may reach, and review the tools they expose." />
        <QuickLink href="/agents" title="Agents" description="Give each agent an identity and decide which servers and tools it can call." />
        {SOON.map((card) => (
          <ComingSoonCard key={card.title} {...card} />
        ))}
      </div>
    </>
  );
}
