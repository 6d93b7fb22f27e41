import { cx } from './cx';

export interface Detail {
  label: string;
  value: React.ReactNode;
  /** Spans the full width (long values: URLs, errors). */
  wide?: boolean;
}

/** Label/value pairs in a responsive grid, for a record's summary. */
export function DetailList({ items, className }: { items: Detail[]; className?: string }) {
  return (
    <dl className={cx('grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3', className)}>
      {items.map((item) => (
        <div key={item.label} className={cx('min-w-0', item.wide && 'sm:col-span-2 lg:col-span-3')}>
          <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{item.label}</dt>
          <dd className="mt-1 text-sm text-slate-900">{item.value}</dd>
        </div>
      ))}
    </dl>
  );
}
