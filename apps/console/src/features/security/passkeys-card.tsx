'use client';
import { startRegistration } from '@simplewebauthn/browser';
import { secondFactorRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { formatDateTime } from '@/lib/format';
import { useAction } from '@/lib/use-action';
import type { PasskeyView, SecondFactors } from '@portcullis/sdk';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';

async function addPasskey(name: string): Promise<PasskeyView> {
  // @simplewebauthn/server's options, as the API answers them (the contract names only the challenge).
  const options = await call(secondFactorRoutes.passkeyOptions, {});
  const response = await startRegistration({
    optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'],
  });
  // Spread into plain objects: the contract takes any fields beside those it checks.
  return call(secondFactorRoutes.registerPasskey, {
    body: { name, response: { ...response, response: { ...response.response } } },
  });
}
const removePasskey = (id: string) => call(secondFactorRoutes.removePasskey, { params: { id } });

/** Passkeys (a device's fingerprint or face unlock, or a security key) as a second factor. */
export function PasskeysCard({ factors, onChange }: { factors: SecondFactors; onChange: () => void }) {
  const add = useAction(addPasskey);
  const remove = useAction(removePasskey);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const name = String(new FormData(formEl).get('name')).trim() || 'Passkey';
    if ((await add.run(name)).ok) {
      formEl.reset();
      onChange();
    }
  }

  return (
    <Card>
      <CardHeader
        title="Passkeys"
        description="Sign in with your device's screen lock or a security key, after your password."
      />
      <CardBody className="space-y-4">
        <ProblemBanner error={add.error ?? remove.error} />
        {factors.passkeys.length > 0 && (
          <ul
            className="divide-y divide-slate-100 rounded-md ring-1 ring-slate-200"
            aria-label="Your passkeys"
          >
            {factors.passkeys.map((p) => (
              <li key={p.id} className="flex items-center justify-between gap-4 px-4 py-3 text-sm">
                <div>
                  <p className="font-medium text-slate-900">{p.name}</p>
                  <p className="text-slate-500">
                    Added {formatDateTime(p.createdAt)}
                    {p.lastUsedAt ? ` · last used ${formatDateTime(p.lastUsedAt)}` : ' · never used'}
                  </p>
                </div>
                <Button
                  variant="danger-ghost"
                  size="sm"
                  loading={remove.pending}
                  onClick={async () => {
                    if ((await remove.run(p.id)).ok) onChange();
                  }}
                >
                  Remove
                </Button>
              </li>
            ))}
          </ul>
        )}
        <form onSubmit={onSubmit} className="flex flex-wrap items-end gap-3" noValidate>
          <div className="w-64">
            <TextField label="Passkey name" name="name" placeholder="e.g. Work laptop" maxLength={120} />
          </div>
          <Button type="submit" loading={add.pending}>
            Add a passkey
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}
