'use client';
import Link from 'next/link';
import type { McpServer } from '@portcullis/sdk';
import { StatusBadge } from '@/components/ui/badge';
import { CopyableUrl } from '@/components/ui/copyable-url';
import { Td } from '@/components/ui/table';
import { ServerActions } from './server-actions';
import { SyncStatus } from './sync-status';
import { ToolCounts } from './tool-counts';

export function ServerRow({
  server,
  canManage,
  onChanged,
}: {
  server: McpServer;
  canManage: boolean;
  onChanged: () => void;
}) {
  return (
    <tr data-testid="server-row">
      <Td>
        <Link href={`/servers/${server.id}`} className="font-medium text-slate-900 hover:text-indigo-700">
          {server.name}
        </Link>
        <div className="mt-0.5 flex flex-wrap items-center gap-2">
          <span className="font-mono text-xs text-slate-500">{server.slug}</span>
          <StatusBadge status={server.status} />
        </div>
        {server.tags.length > 0 && (
          <div className="mt-1 flex flex-wrap gap-1">
            {server.tags.map((t) => (
              <span key={t} className="rounded bg-slate-100 px-1.5 py-0.5 text-[11px] text-slate-600">
                {t}
              </span>
            ))}
          </div>
        )}
      </Td>
      <Td className="min-w-[16rem]">
        <CopyableUrl url={server.gatewayUrl} ariaLabel={`Copy the gateway URL of ${server.name}`} />
      </Td>
      <Td>
        <ToolCounts counts={server.toolCounts} />
      </Td>
      <Td>
        <SyncStatus server={server} compact />
      </Td>
      {canManage && (
        <Td className="whitespace-nowrap text-right">
          <ServerActions server={server} onChanged={onChanged} onDeleted={onChanged} />
        </Td>
      )}
    </tr>
  );
}
