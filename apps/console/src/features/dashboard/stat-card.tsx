import Link from 'next/link';
import { cx } from '@/components/ui/cx';

/** One number of the overview, linking to the events behind it. */
export function StatCard({
  label,
  value,
  sub,
  href,
  testId,
  tone = 'default',
}: {
  label: string;
  value: React.ReactNode;
  sub?: React.ReactNode;
  href: string;
  testId: string;
  tone?: 'default' | 'danger';
}) {
  return (
    <Link
      href={href}
      data-testid={testId}
      className="group block rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200 transition hover:ring-indigo-300"
    >
      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500 group-hover:text-indigo-700">
        {label}
      </p>
      <p
        className={cx(
          'mt-2 text-3xl font-semibold tabular-nums tracking-tight',
          tone === 'danger' ? 'text-red-700' : 'text-slate-900',
        )}
        data-testid={`${testId}-value`}
      >
        {value}
      </p>
      {sub && <p className="mt-1 text-xs text-slate-500">{sub}</p>}
    </Link>
  );
}
