// A server's tools as the grant editors offer them: what is listed (with why it cannot be
// called, when so), and names a grant still holds that the server no longer lists.
import type { McpToolList, ToolSelection } from '@portcullis/sdk';
import type { ToolOption } from '../agents/tool-picker';

function toolNote(t: McpToolList['items'][number]): string | undefined {
  if (t.callable) return undefined;
  if (t.review === 'quarantined') return 'awaiting review';
  if (t.review === 'rejected') return 'rejected';
  if (!t.enabled) return 'disabled';
  return 'not callable';
}

export function toolOptions(
  tools: McpToolList | undefined,
  granted: ToolSelection | undefined,
): ToolOption[] {
  const listed = (tools?.items ?? [])
    .filter((t) => !t.removed)
    .map((t) => ({ name: t.name, note: toolNote(t) }));
  // A granted name the upstream no longer lists stays visible, so it can be unchecked.
  const missing = (granted && granted !== '*' ? granted : []).filter(
    (n) => !listed.some((o) => o.name === n),
  );
  return [...listed, ...missing.map((name) => ({ name, note: 'not listed' }))];
}
