import type { ApiError } from '@/lib/problem';
import { Button } from './button';

/** A failed load, with a retry. */
export function ErrorState({ error, onRetry }: { error: ApiError; onRetry?: () => void }) {
  return (
    <div role="alert" className="px-6 py-10 text-center">
      <p className="text-sm font-semibold text-red-700">Could not load this.</p>
      <p className="mt-1 text-sm text-slate-600">{error.detail}</p>
      {error.requestId && <p className="mt-1 font-mono text-xs text-slate-400">Request {error.requestId}</p>}
      {onRetry && (
        <Button variant="secondary" size="sm" className="mt-4" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}
