import Link from 'next/link';
import { buttonClass } from '../ui/button';

/** Shown in place of a page when the tenant requires a second factor this session was opened without. */
export function SecondFactorNotice() {
  return (
    <div
      data-testid="second-factor-required"
      className="mx-auto mt-16 max-w-lg rounded-xl bg-white p-8 text-center shadow-sm ring-1 ring-slate-200"
    >
      <h1 className="text-lg font-semibold text-slate-900">This tenant requires a second factor</h1>
      <p className="mt-2 text-sm text-slate-600">
        Set up an authenticator app or a passkey. Once it is on, this session counts; next time, sign in with
        it.
      </p>
      <Link href="/security" className={buttonClass('primary', 'md', 'mt-6')}>
        Set up a second factor
      </Link>
    </div>
  );
}
