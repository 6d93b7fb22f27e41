import { decisionFromView } from '@/lib/audit-event';
import type { DecisionView } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';
import { CodeBlock } from '@/components/ui/code-block';
import { PolicyDecisionTable } from '../audit/policy-decision-table';

const STATUS: Record<string, string> = {
  '403': '403 Forbidden',
  '429': '429 Too Many Requests',
  '503': '503: the counter store could not answer',
  guardrail: 'a JSON-RPC error naming the guardrail',
};

/** What the gateway would do with the call, and why. */
export function DecisionPanel({ decision }: { decision: DecisionView }) {
  const headers = Object.entries(decision.headers);
  const denied = decision.outcome === 'deny';
  return (
    <div className="space-y-4" data-testid="simulation-result">
      <Banner tone={denied ? 'error' : 'success'} testId="simulation-verdict">
        <p className="font-semibold">
          {denied ? 'Refused' : 'Allowed'}
          {denied &&
            decision.status !== undefined &&
            ` — answered with ${STATUS[String(decision.status)] ?? decision.status}`}
          {decision.retryAfterSec !== undefined && ` · retry after ${decision.retryAfterSec} s`}
        </p>
        {!denied && decision.redactedPayload !== undefined && (
          <p className="mt-0.5 text-xs">Forwarded with redactions (below).</p>
        )}
      </Banner>
      <PolicyDecisionTable decision={decisionFromView(decision)} />
      <p className="text-xs text-slate-500">
        A simulation moves no counter: rate limits and quotas show as not counted.
      </p>
      {decision.redactedPayload !== undefined && (
        <section>
          <h4 className="mb-1 text-sm font-semibold text-slate-900">Payload as forwarded</h4>
          <CodeBlock
            code={JSON.stringify(decision.redactedPayload, null, 2)}
            label="Redacted payload"
            compact
            testId="redacted-payload"
          />
        </section>
      )}
      {headers.length > 0 && (
        <section>
          <h4 className="mb-1 text-sm font-semibold text-slate-900">Response headers</h4>
          <dl className="grid gap-x-4 gap-y-1 font-mono text-xs sm:grid-cols-[auto_1fr]">
            {headers.map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="text-slate-500">{k}</dt>
                <dd className="break-all text-slate-800">{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
