'use client';
import { useState } from 'react';
import { agentRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { AddKeyRequest } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { TextAreaField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

const add = (agentId: string, body: AddKeyRequest) =>
  call(agentRoutes.addKey, { params: { id: agentId }, body });

const PLACEHOLDER = '{ "kty": "EC", "crv": "P-256", "x": "…", "y": "…", "kid": "agent-key-1" }';

export function AddKeyForm({ agentId, onAdded }: { agentId: string; onAdded: () => void }) {
  const action = useAction(add);
  const [text, setText] = useState('');
  const [parseError, setParseError] = useState<string>();
  const fe = action.error?.fieldErrors ?? {};
  const fieldError = parseError ?? fe.jwk ?? Object.entries(fe).find(([k]) => k.startsWith('jwk.'))?.[1];

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    let jwk: unknown;
    try {
      jwk = JSON.parse(text);
    } catch {
      return setParseError('This is not valid JSON.');
    }
    if (!jwk || typeof jwk !== 'object' || Array.isArray(jwk))
      return setParseError('Paste one JWK object, or a JWKS ({ "keys": [...] }).');
    setParseError(undefined);
    if (!(await action.run(agentId, { jwk: jwk as Record<string, unknown> })).ok) return;
    setText('');
    onAdded();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {/* A refused key is explained under the field; the banner is for anything else. */}
      <ProblemBanner error={fieldError ? undefined : action.error} />
      <TextAreaField
        label="Public key (JWK or JWKS)"
        name="jwk"
        rows={4}
        value={text}
        placeholder={PLACEHOLDER}
        error={fieldError}
        hint="The public part only (EC, OKP or RSA). A key with private members is refused."
        onChange={(e) => {
          setText(e.target.value);
          setParseError(undefined);
        }}
      />
      <div className="flex justify-end">
        <Button type="submit" loading={action.pending} disabled={!text.trim()}>
          Add key
        </Button>
      </div>
    </form>
  );
}
