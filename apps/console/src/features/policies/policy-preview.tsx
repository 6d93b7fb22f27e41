import type { ApiError } from '@/lib/problem';
import { Spinner } from '@/components/ui/spinner';
import { withNames, type Directory } from './names';
import type { DraftCheck } from './use-policy-validation';

/** The policy in plain words, as the server reads the draft, and whether it is valid. */
export function PolicyPreview({
  check,
  problems,
  directory,
}: {
  check: DraftCheck;
  problems: string[];
  directory: Directory;
}) {
  const v = check.validation;
  const unreachable: ApiError | undefined =
    !v && check.error && check.error.status !== 400 ? check.error : undefined;
  return (
    <section
      aria-label="Preview"
      data-testid="policy-preview"
      className="rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200"
    >
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">In plain words</h3>
        <span className="text-xs" data-testid="policy-validity">
          {check.checking ? (
            <span className="inline-flex items-center gap-1 text-slate-500">
              <Spinner className="size-3" /> Checking…
            </span>
          ) : v?.valid ? (
            <span className="font-medium text-emerald-700">Valid</span>
          ) : v ? (
            <span className="font-medium text-red-700">
              {v.errors.length} {v.errors.length === 1 ? 'problem' : 'problems'}
            </span>
          ) : null}
        </span>
      </div>
      <p className="mt-2 text-sm text-slate-900" data-testid="policy-description-preview">
        {v?.description
          ? withNames(directory, v.description)
          : unreachable
            ? unreachable.detail
            : problems.length
              ? 'Fix these to see what this policy means:'
              : 'Fill in the fields to see what this policy means.'}
      </p>
      {!v?.valid && problems.length > 0 && (
        <ul className="mt-3 list-disc space-y-0.5 pl-5 text-xs text-red-700" aria-label="Problems">
          {problems.map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
