'use client';
import type { ApiError } from '@/lib/problem';
import type { AuthorizationRequestView, SessionResponse } from '@portcullis/sdk';
import { Badge } from '@/components/ui/badge';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { ProblemBanner } from '@/components/ui/problem-banner';

function listOrAll(v: '*' | boolean | string[], all: string, none: string): string[] | string {
  if (v === '*' || v === true) return all;
  if (v === false || v.length === 0) return none;
  return v;
}

function AccessLine({ label, value }: { label: string; value: string[] | string }) {
  return (
    <div className="py-2">
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-sm text-slate-800">
        {typeof value === 'string' ? (
          value
        ) : (
          <ul className="flex flex-wrap gap-1.5" aria-label={label}>
            {value.map((v) => (
              <li key={v} className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700">
                {v}
              </li>
            ))}
          </ul>
        )}
      </dd>
    </div>
  );
}

/** Who asks, where the answer goes, on which server, for what; then allow or deny. */
export function ConsentView({
  request: r,
  session,
  deciding,
  error,
  onDecide,
}: {
  request: AuthorizationRequestView;
  session: SessionResponse;
  deciding: 'allow' | 'deny' | null;
  error?: ApiError;
  onDecide: (decision: 'allow' | 'deny') => void;
}) {
  const name = r.client.name ?? 'An unnamed application';
  return (
    <div data-testid="consent">
      <p className="text-xs font-medium uppercase tracking-wide text-indigo-600">{r.tenant.name}</p>
      <h1 className="mt-1 text-xl font-semibold text-slate-900">
        {name} wants to use <span className="whitespace-nowrap">{r.server.name}</span> as you
      </h1>
      <p className="mt-1 text-sm text-slate-500">
        Signed in as <span className="font-medium text-slate-700">{session.user.email}</span>
      </p>

      <section aria-label="Application" className="mt-5 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200">
        <div className="flex flex-wrap items-center gap-2">
          <span className="font-medium text-slate-900">{name}</span>
          {r.client.verified ? (
            <Badge tone="green">Verified by your administrators</Badge>
          ) : (
            <Badge tone="amber">Unverified</Badge>
          )}
        </div>
        <p className="mt-1 text-xs text-slate-500">
          {r.client.kind === 'metadata_document'
            ? `Name published by ${r.client.domain}.`
            : 'Name chosen by whoever registered this application; nobody has checked it.'}
        </p>
        <p className="mt-3 text-sm text-slate-700">
          Sends you back to <span className="font-mono font-medium text-slate-900">{r.redirectTarget}</span>
        </p>
        {r.loopbackOnly && (
          <p className="mt-1 text-xs text-amber-800">
            This is a program on your own computer. Continue only if you just started it.
          </p>
        )}
      </section>

      {r.blocked ? (
        <Banner tone="warning" className="mt-5" title="You cannot allow this">
          {r.blocked}
        </Banner>
      ) : (
        <section aria-label="What it may do" className="mt-5">
          <h2 className="text-sm font-semibold text-slate-900">
            It may, on {r.server.name}, within your own access:
          </h2>
          <dl className="mt-1 divide-y divide-slate-100">
            <AccessLine
              label="Tools"
              value={listOrAll(
                r.access.tools,
                'Every tool you may use, including tools added later',
                'No tools',
              )}
            />
            <AccessLine
              label="Resources"
              value={listOrAll(r.access.resources, 'Every resource you may read', 'No resources')}
            />
            <AccessLine
              label="Prompts"
              value={listOrAll(r.access.prompts, 'Every prompt you may use', 'No prompts')}
            />
          </dl>
          <p className="mt-2 text-xs text-slate-500">
            Until you revoke it under <span className="font-medium">My connections</span>. Your
            administrators&apos; policies and audit apply to every call.
          </p>
        </section>
      )}

      {error && <ProblemBanner error={error} />}
      <div className="mt-6 flex gap-3">
        {!r.blocked && (
          <Button
            className="flex-1"
            loading={deciding === 'allow'}
            disabled={deciding !== null}
            onClick={() => onDecide('allow')}
          >
            Allow
          </Button>
        )}
        <Button
          variant="secondary"
          className="flex-1"
          loading={deciding === 'deny'}
          disabled={deciding !== null}
          onClick={() => onDecide('deny')}
        >
          {r.blocked ? 'Back to the application' : 'Deny'}
        </Button>
      </div>
      <p className="mt-4 break-all text-[11px] text-slate-400">Client ID {r.client.clientId}</p>
    </div>
  );
}
