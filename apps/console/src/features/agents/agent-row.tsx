import Link from 'next/link';
import { formatDate } from '@/lib/format';
import type { Agent } from '@portcullis/sdk';
import { StatusBadge } from '@/components/ui/badge';
import { Td } from '@/components/ui/table';
import { authMethodLabel, grantsSummary } from './auth-methods';

export function AgentRow({ agent }: { agent: Agent }) {
  return (
    <tr data-testid="agent-row">
      <Td>
        <Link href={`/agents/${agent.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
          {agent.name}
        </Link>
        {agent.description && (
          <p className="mt-0.5 line-clamp-1 text-xs text-slate-500">{agent.description}</p>
        )}
      </Td>
      <Td>
        <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
          {agent.clientId}
        </code>
      </Td>
      <Td>
        <StatusBadge status={agent.status} />
      </Td>
      <Td className="text-xs text-slate-600">{agent.authMethods.map(authMethodLabel).join(', ')}</Td>
      <Td className="max-w-xs text-sm text-slate-600">{grantsSummary(agent)}</Td>
      <Td className="whitespace-nowrap text-slate-500">{formatDate(agent.createdAt)}</Td>
    </tr>
  );
}
