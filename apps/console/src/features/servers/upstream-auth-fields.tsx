'use client';
import type { FieldErrors } from '@/lib/problem';
import { SelectField, TextField } from '@/components/ui/field';
import type { AuthChoice, ServerDraft } from './server-draft';

const CHOICES: { value: AuthChoice; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'bearer', label: 'Bearer token' },
  { value: 'header', label: 'Custom header' },
];

/** How the gateway authenticates to the upstream. The stored secret is write-only: the API
 * returns a masked hint, so editing offers to keep it rather than showing it. */
export function UpstreamAuthFields({
  draft,
  onChange,
  errors,
  currentHint,
}: {
  draft: ServerDraft;
  onChange: (patch: Partial<ServerDraft>) => void;
  errors: FieldErrors;
  /** Edit mode with a stored credential: e.g. "Bearer ••••abcd". */
  currentHint?: string;
}) {
  const options = currentHint
    ? [{ value: 'keep' as const, label: `Keep current (${currentHint})` }, ...CHOICES]
    : CHOICES;
  return (
    <div className="grid gap-4 sm:grid-cols-[1fr_2fr]">
      <SelectField
        label="Upstream credential"
        name="upstreamAuthType"
        value={draft.auth}
        options={options}
        error={errors['upstreamAuth.type']}
        hint="Sent by the gateway to the upstream; agents never see it."
        onChange={(e) => onChange({ auth: e.target.value as AuthChoice })}
      />
      {draft.auth === 'bearer' && (
        <TextField
          label="Bearer token"
          name="upstreamToken"
          type="password"
          autoComplete="off"
          value={draft.token}
          error={errors['upstreamAuth.token'] ?? errors.upstreamAuth}
          hint="Encrypted at rest and never shown again."
          onChange={(e) => onChange({ token: e.target.value })}
        />
      )}
      {draft.auth === 'header' && (
        <div className="grid gap-4 sm:grid-cols-2">
          <TextField
            label="Header name"
            name="upstreamHeaderName"
            placeholder="X-Api-Key"
            autoComplete="off"
            value={draft.headerName}
            error={errors['upstreamAuth.headerName']}
            onChange={(e) => onChange({ headerName: e.target.value })}
          />
          <TextField
            label="Header value"
            name="upstreamHeaderValue"
            type="password"
            autoComplete="off"
            value={draft.headerValue}
            error={errors['upstreamAuth.value'] ?? errors.upstreamAuth}
            hint="Encrypted at rest and never shown again."
            onChange={(e) => onChange({ headerValue: e.target.value })}
          />
        </div>
      )}
    </div>
  );
}
