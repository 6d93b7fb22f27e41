import type { ApiError } from '@/lib/problem';
import { Banner } from './banner';

/** The problem's `detail` as a banner; field errors are shown by the fields themselves. */
export function ProblemBanner({ error, className }: { error: ApiError | undefined; className?: string }) {
  if (!error) return null;
  const wait = error.retryAfterSeconds ? ` Try again in ${error.retryAfterSeconds} s.` : '';
  return (
    <Banner tone="error" className={className} testId="problem-banner">
      {error.detail}
      {wait}
      {error.fieldErrors._ && <span className="block">{error.fieldErrors._}</span>}
    </Banner>
  );
}
