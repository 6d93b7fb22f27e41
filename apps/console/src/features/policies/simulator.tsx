'use client';
import { useState } from 'react';
import { policyRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { DecisionView, PolicyDraft, SimulateRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { CheckboxField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { CallFields } from './call-fields';
import { DecisionPanel } from './decision-panel';
import type { Directory } from './names';
import { callOf, newCallForm, type CallForm } from './simulated-call-model';

const simulate = (body: SimulateRequest) => call(policyRoutes.simulate, { body });

/** Fill a hypothetical call, see the decision and its explanation. With a draft, it is evaluated
 * alongside the current policies (or alone). Nothing is counted: limits show their state. */
export function Simulator({
  directory,
  draft,
  draftLabel,
}: {
  directory: Directory;
  draft?: PolicyDraft;
  /** How the draft is named next to the "only" switch. */
  draftLabel?: string;
}) {
  const [form, setForm] = useState<CallForm>(() =>
    newCallForm(directory.agents[0]?.id, directory.servers[0]?.id),
  );
  const [draftOnly, setDraftOnly] = useState(false);
  const [payloadError, setPayloadError] = useState<string>();
  const [result, setResult] = useState<DecisionView>();
  const action = useAction(simulate);
  // The directory may arrive after the first render: pick the first agent and server then, once.
  const [prefilled, setPrefilled] = useState(!!(form.agentId && form.serverId));
  if (!prefilled && directory.agents[0] && directory.servers[0]) {
    setPrefilled(true);
    setForm((f) => ({
      ...f,
      agentId: f.agentId || directory.agents[0]!.id,
      serverId: f.serverId || directory.servers[0]!.id,
    }));
  }
  const error = (path: string) =>
    (path === 'call.payload' && payloadError) || action.error?.fieldErrors[path];

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const built = callOf(form);
    if ('payloadError' in built) return setPayloadError(built.payloadError);
    setPayloadError(undefined);
    const r = await action.run({ call: built.call, ...(draft ? { draft, draftOnly } : {}) });
    setResult(r.ok ? r.value : undefined);
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate aria-label="Simulate a call" className="space-y-4">
        <CallFields
          value={form}
          directory={directory}
          onChange={(p) => setForm((f) => ({ ...f, ...p }))}
          error={error}
        />
        {draft && (
          <CheckboxField
            label={`Only ${draftLabel ?? 'this draft'}`}
            hint="Ignore the current policies: see what this one alone would say."
            checked={draftOnly}
            onChange={(e) => setDraftOnly(e.target.checked)}
          />
        )}
        <ProblemBanner error={action.error} />
        <div className="flex justify-end">
          <Button type="submit" loading={action.pending} disabled={!form.agentId || !form.serverId}>
            Simulate
          </Button>
        </div>
      </form>
      {result && <DecisionPanel decision={result} />}
    </div>
  );
}
