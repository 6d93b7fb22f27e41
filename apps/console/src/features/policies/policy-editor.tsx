'use client';
import { useState } from 'react';
import type { PolicyView } from '@portcullis/sdk';
import { Card, CardBody } from '@/components/ui/card';
import type { Directory } from './names';
import { PolicyForm } from './policy-form';
import { draftFromForm, formFromPolicy, newPolicyForm, type PolicyForm as Form } from './policy-form-model';
import { TryDraftCard } from './try-draft-card';

/** The form (state owned here, so "try it" sees every keystroke) and the try-it card. */
export function PolicyEditor({
  policy,
  canManage,
  directory,
  onDone,
}: {
  policy: PolicyView | undefined;
  canManage: boolean;
  directory: Directory;
  onDone: () => void;
}) {
  const [form, setForm] = useState<Form>(() => (policy ? formFromPolicy(policy) : newPolicyForm()));
  return (
    <div className="space-y-6">
      <Card>
        <CardBody>
          <PolicyForm
            policy={policy}
            form={form}
            onChange={setForm}
            directory={directory}
            disabled={!canManage}
            onSaved={onDone}
            onCancel={onDone}
          />
        </CardBody>
      </Card>
      <TryDraftCard draft={draftFromForm(form)} directory={directory} />
    </div>
  );
}
