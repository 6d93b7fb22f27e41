'use client';
import { useCallback, useState } from 'react';
import { policyRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { PolicyDraft, PolicyKind, PolicyView } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { CheckboxField, SelectField, TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { KindFields } from './kind-fields';
import { KindPicker } from './kind-picker';
import { ModeSwitch } from './mode-switch';
import type { Directory } from './names';
import {
  draftFromForm,
  errorAt,
  fieldLabel,
  type CommonForm,
  type ConfigForms,
  type PolicyForm as Form,
} from './policy-form-model';
import { PolicyPreview } from './policy-preview';
import { TargetFields } from './target-fields';
import { usePolicyValidation } from './use-policy-validation';

const FAIL_MODES = [
  { value: '', label: 'Default (refuse only if strict)' },
  { value: 'open', label: 'Let calls through' },
  { value: 'closed', label: 'Refuse calls' },
];

const COMMON_PATHS: Record<keyof CommonForm, string> = {
  name: 'name',
  kind: 'kind',
  serverId: 'target.serverId',
  agentId: 'target.agentId',
  tool: 'target.tool',
  mode: 'mode',
  priority: 'priority',
  enabled: 'enabled',
  failMode: 'failMode',
};

/** Create (no `policy`) or edit a policy. Checked by the server as it is typed; errors show
 * under a field once it has been changed (all of them after a save attempt, or when editing). */
export function PolicyForm({
  policy,
  form,
  onChange,
  directory,
  disabled,
  onSaved,
  onCancel,
}: {
  policy?: PolicyView;
  form: Form;
  onChange: (next: Form) => void;
  directory: Directory;
  disabled?: boolean;
  onSaved: (p: PolicyView) => void;
  onCancel: () => void;
}) {
  const draft = draftFromForm(form);
  const check = usePolicyValidation(draft);
  const save = useCallback(
    (d: PolicyDraft) =>
      policy
        ? call(policyRoutes.update, { params: { id: policy.id }, body: d })
        : call(policyRoutes.create, { body: d }),
    [policy],
  );
  const action = useAction(save);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(!!policy);

  const errors = { ...(action.error?.fieldErrors ?? {}), ...check.errors };
  const shows = (path: string) =>
    submitted || [...touched].some((t) => path === t || path.startsWith(`${t}.`) || t.startsWith(`${path}.`));
  const error = (path: string) => (shows(path) ? errorAt(errors, path) : undefined);
  // Every problem, named as the form names its field (some are of fields not touched yet).
  const problems = Object.entries(errors).map(
    ([path, message]) => `${fieldLabel(path === '_' ? '' : path)}: ${message}`,
  );

  const touch = (paths: string[]) => setTouched((t) => new Set([...t, ...paths]));
  const setCommon = (patch: Partial<CommonForm>) => {
    action.reset();
    touch(Object.keys(patch).map((k) => COMMON_PATHS[k as keyof CommonForm]));
    const next = { ...form.common, ...patch };
    // A tool picked from one server's list means nothing on another.
    if ('serverId' in patch && patch.serverId !== form.common.serverId && form.common.serverId)
      next.tool = '';
    onChange({ ...form, common: next });
  };
  const setConfig = <K extends PolicyKind>(kind: K, patch: Partial<ConfigForms[K]>, touched?: string[]) => {
    action.reset();
    touch(touched ?? Object.keys(patch).map((k) => `config.${k}`));
    onChange({ ...form, config: { ...form.config, [kind]: { ...form.config[kind], ...patch } } });
  };

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    setSubmitted(true);
    const result = await action.run(draft);
    if (result.ok) onSaved(result.value);
  }

  const limits = form.common.kind === 'rate_limit' || form.common.kind === 'quota';
  return (
    <form
      onSubmit={onSubmit}
      noValidate
      aria-label={policy ? `Edit ${policy.name}` : 'New policy'}
      className="grid gap-6 lg:grid-cols-3"
    >
      <div className="space-y-6 lg:col-span-2">
        <div className="grid gap-4 sm:grid-cols-3">
          <div className="sm:col-span-2">
            <TextField
              label="Name"
              name="name"
              value={form.common.name}
              autoFocus={!policy}
              placeholder="e.g. Support bot: 60 calls a minute"
              disabled={disabled}
              error={error('name')}
              onChange={(e) => setCommon({ name: e.target.value })}
            />
          </div>
          <TextField
            label="Priority"
            name="priority"
            type="number"
            inputMode="numeric"
            value={form.common.priority}
            disabled={disabled}
            error={error('priority')}
            hint="Higher wins among equally specific policies."
            onChange={(e) => setCommon({ priority: e.target.value })}
          />
        </div>
        <KindPicker
          value={form.common.kind}
          locked={!!policy || !!disabled}
          onChange={(kind) => setCommon({ kind })}
        />
        <section className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-900">Applies to</h3>
          <TargetFields
            value={form.common}
            directory={directory}
            onChange={setCommon}
            error={error}
            disabled={disabled}
          />
          <p className="text-xs text-slate-500">
            Leave all three on &ldquo;any&rdquo; for a tenant-wide policy. The most specific target wins.
          </p>
        </section>
        <section className="space-y-2">
          <h3 className="text-sm font-semibold text-slate-900">Settings</h3>
          <KindFields
            kind={form.common.kind}
            config={form.config}
            onChange={setConfig}
            error={error}
            disabled={disabled}
          />
        </section>
        <ModeSwitch value={form.common.mode} onChange={(mode) => setCommon({ mode })} disabled={disabled} />
        <div className="grid gap-4 sm:grid-cols-2">
          <CheckboxField
            label="On"
            hint="Applies on every node within a second of saving. Off: kept for later (and for back-testing)."
            checked={form.common.enabled}
            disabled={disabled}
            onChange={(e) => setCommon({ enabled: e.target.checked })}
          />
          {limits && (
            <SelectField
              label="If the counter store is unreachable"
              name="failMode"
              value={form.common.failMode}
              options={FAIL_MODES}
              disabled={disabled}
              error={error('failMode')}
              onChange={(e) => setCommon({ failMode: e.target.value as CommonForm['failMode'] })}
            />
          )}
        </div>
        <ProblemBanner error={action.error} />
        {!disabled && (
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onCancel} disabled={action.pending}>
              Cancel
            </Button>
            <Button type="submit" loading={action.pending}>
              {policy ? 'Save changes' : 'Create policy'}
            </Button>
          </div>
        )}
      </div>
      <div className="lg:sticky lg:top-6 lg:self-start">
        <PolicyPreview check={check} problems={problems} directory={directory} />
      </div>
    </form>
  );
}
