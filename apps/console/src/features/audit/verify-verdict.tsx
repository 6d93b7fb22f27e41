import type { AuditVerifyResult } from '@portcullis/sdk';
import { Banner } from '@/components/ui/banner';

const PROBLEMS: Record<string, string> = {
  modified: 'an event was changed',
  deleted: 'an event is missing',
  inserted: 'an event was inserted',
  reordered: 'events were reordered',
  truncated: 'the newest events are missing',
  bad_checkpoint: 'a checkpoint signature does not verify',
  checkpoint_mismatch: 'a signed checkpoint does not match the chain',
};

/** The verification's verdict, in one line a person can act on. */
export function VerifyVerdict({ result, onDismiss }: { result: AuditVerifyResult; onDismiss: () => void }) {
  const dismiss = (
    <button
      type="button"
      onClick={onDismiss}
      className="text-xs font-medium underline-offset-2 hover:underline"
    >
      Dismiss
    </button>
  );
  if (result.ok) {
    return (
      <Banner tone="success" testId="verify-verdict" action={dismiss}>
        <p className="font-semibold">
          Chain verified: {result.verifiedCount} {result.verifiedCount === 1 ? 'event' : 'events'},{' '}
          {result.checkpointCount} {result.checkpointCount === 1 ? 'checkpoint' : 'checkpoints'}
        </p>
        <p className="mt-0.5 text-xs">{result.message}</p>
      </Banner>
    );
  }
  const problem = result.problem ? (PROBLEMS[result.problem] ?? result.problem) : 'the chain does not verify';
  return (
    <Banner tone="error" testId="verify-verdict" action={dismiss}>
      <p className="font-semibold">
        {result.firstBrokenSeq !== undefined ? `Broken at seq ${result.firstBrokenSeq}: ` : 'Broken: '}
        {result.problem ?? 'unverified'} — {result.message}
      </p>
      <p className="mt-0.5 text-xs">
        In words: {problem}. {result.verifiedCount} {result.verifiedCount === 1 ? 'event' : 'events'} before
        it verified.
      </p>
    </Banner>
  );
}
