import type { McpServer } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';

export function ToolCounts({ counts }: { counts: McpServer['toolCounts'] }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      <span className="whitespace-nowrap text-sm text-slate-700" data-testid="tool-counts">
        <strong className="font-semibold text-slate-900">{counts.callable}</strong> / {counts.total} callable
      </span>
      {counts.quarantined > 0 && (
        <Badge tone="amber">
          <span data-testid="quarantined-count">{counts.quarantined} to review</span>
        </Badge>
      )}
    </div>
  );
}
