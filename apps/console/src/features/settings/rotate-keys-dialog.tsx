'use client';
import { signingKeyRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { RotateKeysRequest, RotateKeysResponse } from '@/lib/types';
import { Button } from '@/components/ui/button';
import { SelectField } from '@/components/ui/field';
import { Modal } from '@/components/ui/modal';
import { ProblemBanner } from '@/components/ui/problem-banner';

const rotate = (body: RotateKeysRequest) => call(signingKeyRoutes.rotate, { body });

const ALGS = [
  { value: 'ES256', label: 'ES256 (ECDSA P-256, default)' },
  { value: 'EdDSA', label: 'EdDSA (Ed25519)' },
  { value: 'RS256', label: 'RS256 (RSA, widest support)' },
];

export function RotateKeysDialog({
  onClose,
  onRotated,
}: {
  onClose: () => void;
  onRotated: (r: RotateKeysResponse) => void;
}) {
  const action = useAction(rotate);
  const [alg, setAlg] = useState<NonNullable<RotateKeysRequest['alg']>>('ES256');
  return (
    <Modal title="Rotate the signing key now?" onClose={onClose}>
      <div className="space-y-4 text-sm text-slate-600">
        <p>
          A new key is published in the JWKS at once and starts signing after a short pre-publication delay,
          so every resource server has it before it sees a token signed with it. The current key then retires,
          and stays published until the last token it signed has expired. Nothing breaks for agents.
        </p>
        <ProblemBanner error={action.error} />
        <SelectField
          label="Algorithm of the new key"
          name="alg"
          value={alg}
          options={ALGS}
          onChange={(e) => setAlg(e.target.value as typeof alg)}
        />
      </div>
      <div className="mt-6 flex justify-end gap-2">
        <Button variant="secondary" onClick={onClose} disabled={action.pending}>
          Cancel
        </Button>
        <Button
          loading={action.pending}
          onClick={async () => {
            const result = await action.run({ alg });
            if (!result.ok) return;
            onRotated(result.value);
            onClose();
          }}
        >
          Rotate now
        </Button>
      </div>
    </Modal>
  );
}
