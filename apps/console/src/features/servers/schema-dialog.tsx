'use client';
import { prettyJson } from '@/lib/json-diff';
import type { McpTool } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { CodeBlock } from '@/components/ui/code-block';
import { Modal } from '@/components/ui/modal';

export function SchemaDialog({ tool, onClose }: { tool: McpTool; onClose: () => void }) {
  const { description, inputSchema, annotations } = tool.definition;
  return (
    <Modal title={`${tool.name}: input schema`} onClose={onClose} size="lg">
      {description && <p className="whitespace-pre-wrap text-sm text-slate-600">{description}</p>}
      <CodeBlock
        className="mt-4"
        code={prettyJson(inputSchema ?? {})}
        label={`Input schema of ${tool.name}`}
      />
      {annotations !== null && annotations !== undefined && (
        <>
          <h3 className="mt-4 text-sm font-semibold text-slate-900">Annotations</h3>
          <CodeBlock className="mt-2" code={prettyJson(annotations)} label={`Annotations of ${tool.name}`} />
        </>
      )}
      <div className="mt-6 flex justify-end">
        <Button variant="secondary" onClick={onClose}>
          Close
        </Button>
      </div>
    </Modal>
  );
}
