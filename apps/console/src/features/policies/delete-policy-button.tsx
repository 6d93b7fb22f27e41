'use client';
import { useState } from 'react';
import { policyRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import type { PolicyView } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';

const remove = (id: string) => call(policyRoutes.remove, { params: { id } });

export function DeletePolicyButton({ policy, onDeleted }: { policy: PolicyView; onDeleted: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const action = useAction(remove);
  return (
    <>
      <Button
        variant="danger-ghost"
        size="sm"
        onClick={() => setConfirming(true)}
        aria-label={`Delete ${policy.name}`}
      >
        Delete
      </Button>
      {confirming && (
        <ConfirmDialog
          title={`Delete the policy ${policy.name}?`}
          confirmLabel="Delete policy"
          pending={action.pending}
          error={action.error}
          onCancel={() => {
            setConfirming(false);
            action.reset();
          }}
          onConfirm={async () => {
            if ((await action.run(policy.id)).ok) {
              setConfirming(false);
              onDeleted();
            }
          }}
        >
          It stops applying on every node within a second. To keep it for later, switch it off instead.
        </ConfirmDialog>
      )}
    </>
  );
}
