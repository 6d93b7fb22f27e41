'use client';
import { useState } from 'react';
import { secondFactorRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { useAction } from '@/lib/use-action';
import { useSession } from '@/lib/session';
import type { SecondFactors, TotpSetup } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { TextField } from '@/components/ui/field';
import { ProblemBanner } from '@/components/ui/problem-banner';
import { RecoveryCodesPanel } from './recovery-codes-panel';

const setup = () => call(secondFactorRoutes.totpSetup, {});
const confirm = (code: string) => call(secondFactorRoutes.totpConfirm, { body: { code } });
const disable = (code: string) => call(secondFactorRoutes.totpDisable, { body: { code } });
const regenerate = (code: string) => call(secondFactorRoutes.regenerateRecoveryCodes, { body: { code } });

/** A six-digit code form, for the steps that need the app's current code. */
function CodeForm({
  label,
  action,
  onCode,
}: {
  label: string;
  action: { pending: boolean; error?: Parameters<typeof ProblemBanner>[0]['error'] };
  onCode: (code: string) => void;
}) {
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onCode(String(new FormData(e.currentTarget).get('code')).trim());
      }}
    >
      <div className="w-56">
        <TextField
          label="Code from your app"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
        />
      </div>
      <Button type="submit" loading={action.pending}>
        {label}
      </Button>
    </form>
  );
}

export function TotpCard({ factors, onChange }: { factors: SecondFactors; onChange: () => void }) {
  const setupAction = useAction(setup);
  const confirmAction = useAction(confirm);
  const disableAction = useAction(disable);
  const regenerateAction = useAction(regenerate);
  const [pending, setPending] = useState<TotpSetup>();
  const [codes, setCodes] = useState<string[]>();
  const [mode, setMode] = useState<'idle' | 'remove' | 'regenerate'>('idle');
  const { session } = useSession();
  const error = setupAction.error ?? confirmAction.error ?? disableAction.error ?? regenerateAction.error;

  // A session the tenant held back now has its second factor: reload the console with it.
  function afterCodes() {
    setCodes(undefined);
    if (session.secondFactorRequired) window.location.assign('/');
  }

  async function start() {
    const r = await setupAction.run();
    if (r.ok) setPending(r.value);
  }
  async function finish(code: string) {
    const r = await confirmAction.run(code);
    if (!r.ok) return;
    setPending(undefined);
    setCodes(r.value.recoveryCodes);
    onChange();
  }
  async function remove(code: string) {
    if ((await disableAction.run(code)).ok) {
      setMode('idle');
      onChange();
    }
  }
  async function renew(code: string) {
    const r = await regenerateAction.run(code);
    if (!r.ok) return;
    setMode('idle');
    setCodes(r.value.recoveryCodes);
    onChange();
  }

  return (
    <Card>
      <CardHeader
        title="Authenticator app"
        description="A six-digit code from an app such as 1Password, Google Authenticator or Authy, asked for after your password."
        action={factors.totp ? <Badge tone="green">On</Badge> : <Badge tone="gray">Off</Badge>}
      />
      <CardBody className="space-y-4">
        <ProblemBanner error={error} />
        {codes && <RecoveryCodesPanel codes={codes} onDismiss={afterCodes} />}
        {!factors.totp && !pending && !codes && (
          <Button onClick={start} loading={setupAction.pending}>
            Set up an authenticator app
          </Button>
        )}
        {pending && (
          <div className="space-y-4" data-testid="totp-setup">
            <div className="flex flex-wrap items-start gap-6">
              {/* Our own SVG, shown as an image: nothing in it runs. */}
              <img
                alt="QR code for your authenticator app"
                className="h-44 w-44 rounded ring-1 ring-slate-200"
                src={`data:image/svg+xml;utf8,${encodeURIComponent(pending.qrSvg)}`}
              />
              <div className="min-w-0 flex-1 space-y-2 text-sm text-slate-600">
                <p>Scan the code with your app, or type this key into it:</p>
                <code
                  data-testid="totp-secret"
                  className="block break-all rounded bg-slate-50 px-3 py-2 font-mono text-slate-900 ring-1 ring-slate-200"
                >
                  {pending.secret}
                </code>
                <p>Then enter the code the app shows to turn it on.</p>
              </div>
            </div>
            <CodeForm label="Turn on" action={confirmAction} onCode={finish} />
          </div>
        )}
        {factors.totp && !codes && (
          <div className="space-y-4">
            <p className="text-sm text-slate-600">
              Recovery codes left:{' '}
              <span className="font-medium text-slate-900" data-testid="recovery-codes-left">
                {factors.recoveryCodesLeft}
              </span>
            </p>
            {mode === 'idle' && (
              <div className="flex flex-wrap gap-3">
                <Button variant="secondary" onClick={() => setMode('regenerate')}>
                  New recovery codes
                </Button>
                <Button variant="danger" onClick={() => setMode('remove')}>
                  Remove the app
                </Button>
              </div>
            )}
            {mode === 'regenerate' && (
              <CodeForm label="Make new codes" action={regenerateAction} onCode={renew} />
            )}
            {mode === 'remove' && <CodeForm label="Remove the app" action={disableAction} onCode={remove} />}
          </div>
        )}
      </CardBody>
    </Card>
  );
}
