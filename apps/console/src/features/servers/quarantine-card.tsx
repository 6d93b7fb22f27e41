'use client';
import type { McpTool } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { ToolReview } from './tool-review';

/** Tools out of reach until an admin reviews them: new ones, and ones whose definition changed. */
export function QuarantineCard({
  serverId,
  tools,
  canManage,
  onReviewed,
}: {
  serverId: string;
  tools: McpTool[];
  canManage: boolean;
  onReviewed: () => void;
}) {
  const waiting = tools.filter((t) => t.review === 'quarantined');
  if (waiting.length === 0) return null;
  return (
    <Card className="ring-amber-300">
      <div data-testid="quarantine">
        <CardHeader
          title={`Quarantine · ${waiting.length} tool${waiting.length === 1 ? '' : 's'} to review`}
          description="A tool definition is an instruction to the model. Approve only what you have read: approval pins this exact definition, and any later change returns the tool here."
        />
        <div className="divide-y divide-slate-200">
          {waiting.map((t) => (
            <ToolReview
              key={t.id}
              serverId={serverId}
              tool={t}
              canManage={canManage}
              onReviewed={onReviewed}
            />
          ))}
        </div>
      </div>
    </Card>
  );
}
