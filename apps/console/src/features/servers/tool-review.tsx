'use client';
import { serverRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { prettyJson } from '@/lib/json-diff';
import { useAction } from '@/lib/use-action';
import type { McpTool } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { CodeBlock } from '@/components/ui/code-block';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { DefinitionDiff } from './definition-diff';

// The fingerprint is the one of the definition on screen: if the upstream changed it again
// meanwhile, the API answers 409 instead of approving something nobody looked at.
const approve = (serverId: string, tool: McpTool) =>
  call(serverRoutes.approveTool, {
    params: { id: serverId, toolId: tool.id },
    body: { fingerprint: tool.fingerprint },
  });
const reject = (serverId: string, tool: McpTool) =>
  call(serverRoutes.rejectTool, { params: { id: serverId, toolId: tool.id } });

/** One tool awaiting review: what changed (or the whole definition of a new tool), and the verdict. */
export function ToolReview({
  serverId,
  tool,
  canManage,
  onReviewed,
}: {
  serverId: string;
  tool: McpTool;
  canManage: boolean;
  onReviewed: () => void;
}) {
  const approveAction = useAction(approve);
  const rejectAction = useAction(reject);
  const isNew = tool.approvedDefinition === null;
  const error = approveAction.error ?? rejectAction.error;

  async function onApprove() {
    const result = await approveAction.run(serverId, tool);
    if (result.ok) return onReviewed();
    // 409: the upstream changed it again. Reload, so the definition on screen is the one the
    // next Approve sends; the API's explanation stays shown above it.
    if (result.error.status === 409) onReviewed();
  }

  async function onReject() {
    if ((await rejectAction.run(serverId, tool)).ok) onReviewed();
  }

  return (
    <article data-testid="tool-review" aria-label={`Review ${tool.name}`} className="px-5 py-5">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 className="flex flex-wrap items-center gap-2 text-sm font-semibold text-slate-900">
            <span className="font-mono">{tool.name}</span>
            {isNew ? <Badge tone="sky">New tool</Badge> : <Badge tone="amber">Definition changed</Badge>}
            {tool.removed && <Badge>No longer listed</Badge>}
          </h3>
          <p className="mt-1 text-sm text-slate-500">
            {isNew
              ? 'This tool was never approved. Read its full definition: agents see the description and schema as instructions.'
              : 'The upstream changed this tool since it was approved. It stays out of reach until the change is approved.'}
          </p>
        </div>
        {canManage && (
          <div className="flex shrink-0 gap-2">
            <Button variant="danger-ghost" size="sm" onClick={onReject} loading={rejectAction.pending}>
              Reject
            </Button>
            <Button size="sm" onClick={onApprove} loading={approveAction.pending}>
              Approve
            </Button>
          </div>
        )}
      </header>
      <ProblemBanner className="mt-3" error={error} />
      <div className="mt-4">
        {isNew ? (
          <>
            <p className="mb-3 whitespace-pre-wrap rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-800 ring-1 ring-slate-200">
              {tool.definition.description ?? <span className="text-slate-400">No description.</span>}
            </p>
            <CodeBlock
              compact
              code={prettyJson(tool.definition)}
              label={`Definition of ${tool.name}`}
              testId="new-tool-definition"
            />
          </>
        ) : (
          <DefinitionDiff
            approved={tool.approvedDefinition!}
            current={tool.definition}
            toolName={tool.name}
          />
        )}
      </div>
    </article>
  );
}
